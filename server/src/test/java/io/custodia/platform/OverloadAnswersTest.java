package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Under more load than the server can take, a request that finds no free database connection in
 * time is told to retry (503 with Retry-After), not given a 500; and a client that went away before
 * its answer was written is not an error of the server (seen with wrk at 32 connections, issue #26).
 */
class OverloadAnswersTest {
    private final ApiExceptionHandler handler = new ApiExceptionHandler();

    @Test
    void noFreeConnectionIsABusyServerToRetry() {
        ResponseEntity<Object> answer = handler.busy(new TransientDataAccessResourceException(
                "jOOQ",
                new SQLTransientConnectionException("custodia - Connection is not available, request timed out")));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        ProblemDetail problem = (ProblemDetail) answer.getBody();
        assertThat(problem.getTitle()).isEqualTo("Busy");
        assertThat(problem.getDetail()).isEqualTo("the server is busy; retry in a moment");
    }

    @Test
    void noConnectionForATransactionIsABusyServerToo() {
        SQLTransientConnectionException waited =
                new SQLTransientConnectionException("custodia - Connection is not available, request timed out");
        ResponseEntity<Object> answer = handler.noConnection(
                new CannotCreateTransactionException("Could not open JDBC Connection for transaction", waited));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(handler.noConnection(new CannotGetJdbcConnectionException("x", waited))
                        .getStatusCode())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        // A connection that cannot open for another reason stays the server's fault.
        assertThat(handler.noConnection(new CannotCreateTransactionException("refused", new IllegalStateException()))
                        .getStatusCode())
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }

    @Test
    void aClientGoneBeforeItsAnswerIsNotAnswered() {
        HttpMessageNotWritableException broken = new HttpMessageNotWritableException(
                "Could not write JSON", new IllegalStateException(new IOException("Broken pipe")));
        ServletWebRequest request = new ServletWebRequest(new MockHttpServletRequest(), new MockHttpServletResponse());

        assertThat(handler.handleHttpMessageNotWritable(
                        broken, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request))
                .isNull();
        // Anything else that cannot be written stays the server's fault.
        assertThat(handler.handleHttpMessageNotWritable(
                                new HttpMessageNotWritableException("no converter"),
                                new HttpHeaders(),
                                HttpStatus.INTERNAL_SERVER_ERROR,
                                request)
                        .getStatusCode())
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }
}
