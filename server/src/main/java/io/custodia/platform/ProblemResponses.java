package io.custodia.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds problem details the same way for controllers and for filters that answer before them, in
 * the language the request asks for ({@link RequestLanguage}): title, detail and each field's
 * message are translated; status, type, field names and extra members are not.
 */
public final class ProblemResponses {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {}

    public static ProblemDetail problem(ApiProblem raised, Locale locale) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                raised.status(), raised.detailText().in(locale));
        problem.setTitle(raised.title().in(locale));
        problem.setType(URI.create("https://custodia.io/problems/" + slug(raised.status())));
        if (!raised.errors().isEmpty()) {
            problem.setProperty(
                    "errors",
                    raised.errors().stream()
                            .map(e -> Map.of(
                                    "field", e.field(), "message", e.message().in(locale)))
                            .toList());
        }
        return problem;
    }

    /** Writes a problem straight to the servlet response (for filters). */
    public static void write(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String title,
            ProblemText detail)
            throws IOException {
        write(request, response, new ApiProblem(status, title, detail, List.of()));
    }

    /** Writes a problem, naming the offending fields if it does, straight to the servlet response (for filters). */
    public static void write(HttpServletRequest request, HttpServletResponse response, ApiProblem raised)
            throws IOException {
        ProblemDetail problem = problem(raised, RequestLanguage.of(request));
        response.setStatus(raised.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getProperties() != null && problem.getProperties().containsKey("errors")) {
            body.put("errors", problem.getProperties().get("errors"));
        }
        response.getWriter().write(JSON.writeValueAsString(body));
    }

    static String slug(HttpStatus status) {
        return status.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
