package io.custodia.platform;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error a feature raises on purpose; rendered as {@code application/problem+json} with the
 * status, a title, a detail and, for validation, the offending fields. Its words are {@link
 * ProblemText} templates in English, written in the caller's language where the problem is
 * answered: a detail quotes ids, names and values as arguments ({@code notFound("user {0}", id)}),
 * never by concatenation.
 */
public class ApiProblem extends RuntimeException {
    private final HttpStatus status;
    private final ProblemText title;
    private final ProblemText detail;
    private final List<FieldError> errors;

    public ApiProblem(HttpStatus status, String title, ProblemText detail, List<FieldError> errors) {
        super(detail.toString());
        this.status = status;
        this.title = ProblemText.of(title);
        this.detail = detail;
        this.errors = List.copyOf(errors);
    }

    public ApiProblem(HttpStatus status, String title, String detail, List<FieldError> errors) {
        this(status, title, ProblemText.of(detail), errors);
    }

    public HttpStatus status() {
        return status;
    }

    public ProblemText title() {
        return title;
    }

    /** The detail in English (as in logs and in a job's recorded outcome). */
    public String detail() {
        return getMessage();
    }

    public ProblemText detailText() {
        return detail;
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
    public record FieldError(String field, ProblemText message) {
        /** A field and the template (with its arguments) saying what is wrong with it. */
        public FieldError(String field, String message, Object... args) {
            this(field, ProblemText.of(message, args));
        }
    }

    /** The thing does not exist in the caller's workspace, or the caller may not read it. */
    public static ApiProblem notFound(String what, Object... args) {
        return new ApiProblem(
                HttpStatus.NOT_FOUND,
                "Not found",
                ProblemText.of("{0} does not exist", ProblemText.of(what, args)),
                List.of());
    }

    /** The caller may see the thing but lacks the named permission to do this. */
    public static ApiProblem forbidden(String permission) {
        return new ApiProblem(
                HttpStatus.FORBIDDEN, "Forbidden", ProblemText.of("missing permission: {0}", permission), List.of());
    }

    public static ApiProblem forbiddenBecause(String detail, Object... args) {
        return forbiddenBecause(ProblemText.of(detail, args));
    }

    public static ApiProblem forbiddenBecause(ProblemText detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", detail, List.of());
    }

    public static ApiProblem conflict(String detail, Object... args) {
        return new ApiProblem(HttpStatus.CONFLICT, "Conflict", ProblemText.of(detail, args), List.of());
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        return new ApiProblem(
                HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request", "the request has invalid fields", errors);
    }

    public static ApiProblem invalid(String field, String message, Object... args) {
        return invalid(field, ProblemText.of(message, args));
    }

    public static ApiProblem invalid(String field, ProblemText message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiProblem badRequest(String detail, Object... args) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Bad request", ProblemText.of(detail, args), List.of());
    }
}
