package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The answer to a console page's API call is kept in memory, as the servlet API would keep it. */
class InProcessResponseTest {
    private final InProcessResponse response = new InProcessResponse();

    @Test
    void statusHeadersAndBodyAreKept() throws Exception {
        response.setStatus(201);
        response.setHeader("ETag", "\"3\"");
        response.addHeader("Vary", "Accept");
        response.addHeader("vary", "Accept-Language");
        response.setContentType("application/json;charset=UTF-8");
        response.getOutputStream().write("{\"é\":1}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.getHeader("etag")).isEqualTo("\"3\"");
        assertThat(response.getHeaders("Vary")).containsExactly("Accept", "Accept-Language");
        assertThat(response.body()).asString(StandardCharsets.UTF_8).isEqualTo("{\"é\":1}");
        assertThat(response.isCommitted()).isFalse();
    }

    @Test
    void aHeaderSetToNothingIsRemovedAndNothingAddedIsIgnored() {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Cache-Control", null);
        response.addHeader("Pragma", null);
        assertThat(response.containsHeader("Cache-Control")).isFalse();
        assertThat(response.getHeaderNames()).isEmpty();
    }

    @Test
    void aWriterWritesInTheAnswersCharsetAndAnErrorKeepsItsStatus() {
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("ação");
        assertThat(response.body()).asString(StandardCharsets.UTF_8).isEqualTo("ação");

        response.reset();
        response.sendError(404, "no such deal");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).asString(StandardCharsets.UTF_8).isEqualTo("no such deal");
    }
}
