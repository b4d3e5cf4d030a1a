package io.custodia.platform;

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

/** Builds problem details the same way for controllers and for filters that answer before them. */
public final class ProblemResponses {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {}

    public static ProblemDetail problem(
            HttpStatus status, String title, String detail, List<ApiProblem.FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://custodia.io/problems/" + slug(status)));
        if (!errors.isEmpty()) {
            problem.setProperty(
                    "errors",
                    errors.stream()
                            .map(e -> Map.of("field", e.field(), "message", e.message()))
                            .toList());
        }
        return problem;
    }

    /** Writes a problem straight to the servlet response (for filters). */
    public static void write(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        write(response, status, title, detail, List.of());
    }

    /** Writes a problem naming the offending fields straight to the servlet response (for filters). */
    public static void write(
            HttpServletResponse response,
            HttpStatus status,
            String title,
            String detail,
            List<ApiProblem.FieldError> errors)
            throws IOException {
        ProblemDetail problem = problem(status, title, detail, errors);
        response.setStatus(status.value());
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
