package io.custodia.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one check of every request parameter, in the query string or a form body, on every path
 * (the API, the console, the OAuth endpoints), before anything reads them: parameters that are not
 * valid UTF-8 (or carry a broken {@code %} escape) answer 400, and names or values that break
 * {@link ValueRules#ofText} answer 422 naming the parameter. It runs after the body-size limit, so
 * a form is never read past it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class ParameterValues extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (IllegalStateException undecodable) {
            // Tomcat refuses parameters it cannot decode (InvalidParameterException), and multipart
            // bodies it cannot read; either is the client's doing.
            String culprit = undecodable(request.getQueryString());
            ProblemResponses.write(
                    request,
                    response,
                    new ApiProblem(
                            HttpStatus.BAD_REQUEST,
                            "Bad request",
                            "the query string or form cannot be read: it is not UTF-8, has a malformed % escape,"
                                    + " is a broken multipart body, or is too large",
                            culprit == null
                                    ? List.of()
                                    : List.of(new ApiProblem.FieldError(
                                            culprit, "not valid UTF-8, or a malformed % escape"))));
            return;
        }
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        parameters.forEach((name, values) -> {
            Optional<ProblemText> badName = ValueRules.ofText(name);
            if (badName.isPresent()) {
                errors.add(new ApiProblem.FieldError("$", "a parameter name {0}", badName.get()));
                return;
            }
            for (String value : values) {
                ValueRules.ofText(value).ifPresent(p -> errors.add(new ApiProblem.FieldError(name, p)));
            }
        });
        if (!errors.isEmpty()) {
            ProblemResponses.write(
                    request,
                    response,
                    new ApiProblem(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "Invalid request",
                            "the request has invalid parameters",
                            errors));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The first query parameter whose name or value is not valid percent-encoded UTF-8, if any. */
    static String undecodable(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            String decodedName = decode(name);
            if (decodedName == null) {
                return "$";
            }
            if (decode(value) == null) {
                return decodedName;
            }
        }
        return null;
    }

    /** Strict percent-decoding as UTF-8, or null when the text is not valid. */
    private static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()
                        || Character.digit(encoded.charAt(i + 1), 16) < 0
                        || Character.digit(encoded.charAt(i + 2), 16) < 0) {
                    return null;
                }
                bytes.write(
                        Character.digit(encoded.charAt(i + 1), 16) * 16 + Character.digit(encoded.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c == '+' ? ' ' : c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
