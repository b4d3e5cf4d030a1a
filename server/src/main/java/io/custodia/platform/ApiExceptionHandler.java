package io.custodia.platform;

import java.net.URI;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error leaves as {@code application/problem+json}. Bad input is a 4xx that names what is
 * wrong; only a fault of the server is a 500, and its detail gives nothing away.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem e) {
        ResponseEntity.BodyBuilder builder =
                ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        e.headers().forEach(builder::header);
        ProblemDetail problem = ProblemResponses.problem(e.status(), e.title(), e.detail(), e.errors());
        e.properties().forEach(problem::setProperty);
        return builder.body(problem);
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<Object> duplicate(DuplicateKeyException e) {
        return respond(
                HttpStatus.CONFLICT, "Conflict", "a conflicting change was made at the same time; retry", List.of());
    }

    @ExceptionHandler(QueryTimeoutException.class)
    ResponseEntity<Object> timeout(QueryTimeoutException e) {
        return respond(HttpStatus.SERVICE_UNAVAILABLE, "Busy", "the database took too long; retry", List.of());
    }

    /** The firewall refuses what no client should send (odd parameter names, encoded slashes): the client's fault. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> rejected(RequestRejectedException e) {
        return respond(HttpStatus.BAD_REQUEST, "Bad request", "the request was rejected: it is malformed", List.of());
    }

    /** A form body Tomcat cannot decode (a parameter name that is not valid percent-encoded UTF-8): the client's fault. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> undecodable(InvalidParameterException e) {
        return respond(HttpStatus.BAD_REQUEST, "Bad request", "the request's parameters cannot be decoded", List.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unexpected error", e);
        return respond(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error",
                "the server failed; the request id in the log tells why",
                List.of());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        e.getBindingResult()
                .getFieldErrors()
                .forEach(f -> errors.add(new ApiProblem.FieldError(f.getField(), f.getDefaultMessage())));
        e.getBindingResult()
                .getGlobalErrors()
                .forEach(g -> errors.add(new ApiProblem.FieldError(g.getObjectName(), g.getDefaultMessage())));
        return respond(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request", "the request has invalid fields", errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof JacksonException jackson) {
            String field = path(jackson);
            String message;
            if (cause instanceof UnrecognizedPropertyException) {
                message = "unknown property";
            } else if (cause instanceof InvalidFormatException invalid) {
                Class<?> target = invalid.getTargetType();
                message = target != null && target.isEnum()
                        ? "unknown value; expected one of " + Arrays.toString(target.getEnumConstants())
                        : "expected " + describe(target);
            } else if (cause instanceof MismatchedInputException mismatched) {
                message = "expected " + describe(mismatched.getTargetType());
            } else {
                return respond(HttpStatus.BAD_REQUEST, "Malformed JSON", "the body is not valid JSON", List.of());
            }
            return respond(
                    HttpStatus.BAD_REQUEST,
                    "Malformed request",
                    "the body does not have the expected shape",
                    List.of(new ApiProblem.FieldError(field.isEmpty() ? "$" : field, message)));
        }
        return respond(HttpStatus.BAD_REQUEST, "Malformed request", "the body is missing or unreadable", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respond(HttpStatus.NOT_FOUND, "Not found", "no such endpoint: " + e.getResourcePath(), List.of());
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        boolean pathVariable = e instanceof MethodArgumentTypeMismatchException m
                && m.getParameter().hasParameterAnnotation(PathVariable.class);
        if (pathVariable) {
            // An id that cannot exist answers like any unknown id.
            return respond(HttpStatus.NOT_FOUND, "Not found", "no such " + name, List.of());
        }
        return respond(
                HttpStatus.BAD_REQUEST,
                "Malformed request",
                "a parameter has the wrong type",
                List.of(new ApiProblem.FieldError(name, "expected " + describe(e.getRequiredType()))));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null
                && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null
                        || "about:blank".equals(problem.getType().toString()))) {
            HttpStatus resolved = HttpStatus.resolve(status.value());
            if (resolved != null) {
                problem.setType(URI.create("https://custodia.io/problems/" + ProblemResponses.slug(resolved)));
            }
        }
        return response;
    }

    private static ResponseEntity<Object> respond(
            HttpStatus status, String title, String detail, List<ApiProblem.FieldError> errors) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemResponses.problem(status, title, detail, errors));
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == UUID.class) {
            return "an id (UUID)";
        }
        if (type == String.class) {
            return "a text";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a date-time (ISO 8601)";
        }
        return "an object";
    }
}
