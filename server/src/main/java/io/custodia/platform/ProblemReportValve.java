package io.custodia.platform;

import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's report of an error it answers itself, before the application sees the request (an
 * address with {@code %00} or an encoded slash, a header too large or with control characters), as
 * {@code application/problem+json} like every other error, instead of Tomcat's HTML page.
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        // As Tomcat's own valve: only an error whose answer nobody has written yet, and only once.
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null) {
            status = code < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        ProblemText detail = ProblemText.of(
                status.is4xxClientError()
                        ? "the request breaks HTTP's rules: its address, a header or its size cannot be accepted"
                        : "the server could not answer the request");
        try {
            response.resetBuffer();
            ProblemResponses.write(request, response, status, status.getReasonPhrase(), detail);
            response.finishResponse();
        } catch (IOException | IllegalStateException gone) {
            // The client went away or the answer was committed meanwhile: nothing more can be said.
        }
    }
}
