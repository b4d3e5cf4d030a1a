package io.custodia.platform;

import java.io.IOException;
import java.net.URI;
import java.sql.SQLTransientConnectionException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
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
        ProblemDetail problem = ProblemResponses.problem(e, RequestLanguage.current());
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

    /**
     * No database connection came free in time (every one busy with other requests): the server is
     * overloaded, not broken, so the client is told to retry rather than given a 500, and the log
     * gets one line instead of a stack per request while it lasts.
     */
    @ExceptionHandler(TransientDataAccessResourceException.class)
    ResponseEntity<Object> busy(TransientDataAccessResourceException e) {
        return retryLater(e);
    }

    /**
     * The same wait for a connection, met when a transaction or a statement outside one opens
     * (the pipeline report answered 500 under load: found by the outside probe); anything else
     * that keeps a connection from opening stays the server's fault.
     */
    @ExceptionHandler({CannotCreateTransactionException.class, CannotGetJdbcConnectionException.class})
    ResponseEntity<Object> noConnection(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return retryLater(e);
            }
        }
        return unexpected(e);
    }

    private ResponseEntity<Object> retryLater(Exception e) {
        log.warn("Busy: {}", NestedExceptionUtils.getMostSpecificCause(e).getMessage());
        ResponseEntity<Object> busy =
                respond(HttpStatus.SERVICE_UNAVAILABLE, "Busy", "the server is busy; retry in a moment", List.of());
        return ResponseEntity.status(busy.getStatusCode())
                .headers(busy.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(busy.getBody());
    }

    /**
     * The answer could not be written because the client went away (a closed connection, a timed
     * out load generator): nothing is left to answer and nothing is wrong with the server.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotWritable(
            HttpMessageNotWritableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                log.debug("The client went away before its answer was written: {}", t.getMessage());
                return null;
            }
        }
        return super.handleHttpMessageNotWritable(e, headers, status, request);
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
                .forEach(f ->
                        errors.add(new ApiProblem.FieldError(f.getField(), ProblemText.of(f.getDefaultMessage()))));
        e.getBindingResult()
                .getGlobalErrors()
                .forEach(g -> errors.add(
                        new ApiProblem.FieldError(g.getObjectName(), ProblemText.of(g.getDefaultMessage()))));
        return respond(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request", "the request has invalid fields", errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof JacksonException jackson) {
            String field = path(jackson);
            ProblemText message;
            if (cause instanceof UnrecognizedPropertyException) {
                message = ProblemText.of("unknown property");
            } else if (cause instanceof InvalidFormatException invalid) {
                Class<?> target = invalid.getTargetType();
                message = target != null && target.isEnum()
                        ? ProblemText.of(
                                "unknown value; expected one of {0}", Arrays.toString(target.getEnumConstants()))
                        : expected(target);
            } else if (cause instanceof MismatchedInputException mismatched) {
                message = expected(mismatched.getTargetType());
            } else if (cause instanceof InputCoercionException) {
                // A number the field's type cannot hold (an int's 2^31 and beyond): well-formed JSON
                // with a value out of range, as the field's own range check would say of it.
                return respond(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "Invalid request",
                        "the request has invalid fields",
                        List.of(new ApiProblem.FieldError(
                                field.isEmpty() ? "$" : field, ProblemText.of("a number out of range"))));
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
        return respond(
                HttpStatus.NOT_FOUND,
                "Not found",
                ProblemText.of("no such endpoint: {0}", e.getResourcePath()),
                List.of());
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        boolean pathVariable = e instanceof MethodArgumentTypeMismatchException m
                && m.getParameter().hasParameterAnnotation(PathVariable.class);
        if (pathVariable) {
            // An id that cannot exist answers like any unknown id.
            return respond(HttpStatus.NOT_FOUND, "Not found", ProblemText.of("no such {0}", name), List.of());
        }
        return respond(
                HttpStatus.BAD_REQUEST,
                "Malformed request",
                "a parameter has the wrong type",
                List.of(new ApiProblem.FieldError(name, expected(e.getRequiredType()))));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Locale locale = RequestLanguage.current();
        // Spring's own problems (405, 406, 415, a missing parameter...) in the request's language
        // too: their pt-BR details are the problemDetail.* keys of i18n/messages_pt_BR.properties.
        Object translated = body == null && e instanceof ErrorResponse spring
                ? spring.updateAndGetBody(getMessageSource(), locale)
                : body;
        ResponseEntity<Object> response = super.handleExceptionInternal(e, translated, headers, status, request);
        HttpStatus resolved = HttpStatus.resolve(status.value());
        if (response != null && response.getBody() instanceof ProblemDetail problem && resolved != null) {
            if (problem.getType() == null
                    || "about:blank".equals(problem.getType().toString())) {
                problem.setType(URI.create("https://custodia.io/problems/" + ProblemResponses.slug(resolved)));
            }
            if (resolved.getReasonPhrase().equals(problem.getTitle())) {
                problem.setTitle(ProblemText.of(resolved.getReasonPhrase()).in(locale));
            }
        }
        return response;
    }

    private static ResponseEntity<Object> respond(
            HttpStatus status, String title, String detail, List<ApiProblem.FieldError> errors) {
        return respond(status, title, ProblemText.of(detail), errors);
    }

    private static ResponseEntity<Object> respond(
            HttpStatus status, String title, ProblemText detail, List<ApiProblem.FieldError> errors) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemResponses.problem(
                        new ApiProblem(status, title, detail, errors), RequestLanguage.current()));
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

    private static ProblemText expected(Class<?> type) {
        if (type == null) {
            return ProblemText.of("expected another type");
        }
        if (type == UUID.class) {
            return ProblemText.of("expected an id (UUID)");
        }
        if (type == String.class) {
            return ProblemText.of("expected a text");
        }
        if (type == Boolean.class || type == boolean.class) {
            return ProblemText.of("expected true or false");
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return ProblemText.of("expected a number");
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return ProblemText.of("expected a list");
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return ProblemText.of("expected a date-time (ISO 8601)");
        }
        return ProblemText.of("expected an object");
    }
}
