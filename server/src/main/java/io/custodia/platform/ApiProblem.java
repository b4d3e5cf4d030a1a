package io.custodia.platform;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error a feature raises on purpose; rendered as {@code application/problem+json} with the
 * status, a title, a detail and, for validation, the offending fields.
 */
public class ApiProblem extends RuntimeException {
    private final HttpStatus status;
    private final String title;
    private final List<FieldError> errors;

    public ApiProblem(HttpStatus status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Extra response headers (such as Retry-After). */
    public Map<String, String> headers() {
        return Map.of();
    }

    /** Extra members of the problem's body (such as {@code secondFactorRequired}). */
    public Map<String, Object> properties() {
        return Map.of();
    }

    /** One field that is wrong, and how. */
    public record FieldError(String field, String message) {}

    /** The thing does not exist in the caller's workspace, or the caller may not read it. */
    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", what + " does not exist", List.of());
    }

    /** The caller may see the thing but lacks the named permission to do this. */
    public static ApiProblem forbidden(String permission) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", "missing permission: " + permission, List.of());
    }

    public static ApiProblem forbiddenBecause(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", detail, List.of());
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "Conflict", detail, List.of());
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        return new ApiProblem(
                HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request", "the request has invalid fields", errors);
    }

    public static ApiProblem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Bad request", detail, List.of());
    }
}
