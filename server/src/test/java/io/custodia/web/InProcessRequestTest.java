package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * A console page's API call carries its own request: nothing of the page's form, query, headers or
 * request data reaches the API, and nothing the API leaves on its request reaches the page.
 */
class InProcessRequestTest {
    private final MockHttpServletRequest page = new MockHttpServletRequest("POST", "/deals");

    InProcessRequestTest() {
        page.setParameter("ownerId", "someone-else");
        page.setParameter("q", "the page's search");
        page.addHeader("Cookie", "JSESSIONID=page");
        page.addHeader("X-Forwarded-For", "203.0.113.9");
        page.setAttribute("page.data", "the page's");
        page.setAttribute("requestLogFilter.FILTERED", Boolean.TRUE);
        page.setAttribute("org.apache.catalina.core.DISPATCHER_TYPE", "REQUEST");
    }

    private InProcessRequest call(String query) {
        return new InProcessRequest(
                page,
                "GET",
                "/api/v1/deals",
                query,
                Map.of("Authorization", "Bearer t", "Accept", "application/json"),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                Locale.forLanguageTag("pt-BR"));
    }

    @Test
    void theCallHasItsOwnRequestLineQueryAndHeaders() {
        InProcessRequest call = call("q=caf%C3%A9&limit=10&limit=20");
        assertThat(call.getMethod()).isEqualTo("GET");
        assertThat(call.getRequestURI()).isEqualTo("/api/v1/deals");
        assertThat(call.getServletPath()).isEqualTo("/api/v1/deals");
        assertThat(call.getQueryString()).isEqualTo("q=caf%C3%A9&limit=10&limit=20");
        assertThat(call.getParameter("q")).isEqualTo("café");
        assertThat(call.getParameterValues("limit")).containsExactly("10", "20");
        assertThat(call.getParameter("ownerId")).isNull();
        assertThat(call.getParameterMap()).containsOnlyKeys("q", "limit");
        assertThat(call.getHeader("authorization")).isEqualTo("Bearer t");
        assertThat(call.getHeader("Cookie")).isNull();
        assertThat(call.getHeader("X-Forwarded-For")).isNull();
        assertThat(Collections.list(call.getHeaderNames())).containsExactlyInAnyOrder("authorization", "accept");
        assertThat(call.getLocale()).isEqualTo(Locale.forLanguageTag("pt-BR"));
    }

    @Test
    void aCallWithoutAQueryHasNoParametersAtAll() {
        InProcessRequest call = call("");
        assertThat(call.getQueryString()).isNull();
        assertThat(call.getParameterMap()).isEmpty();
        assertThat(call.getParameter("q")).isNull();
    }

    @Test
    void theBodyIsTheCallsOwn() throws Exception {
        InProcessRequest call = call("");
        assertThat(call.getInputStream().readAllBytes())
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("{\"a\":1}");
        assertThat(call.getContentLength()).isEqualTo(7);
    }

    @Test
    void onlyTheContainersStateIsReadThroughAndNothingIsWrittenThrough() {
        InProcessRequest call = call("");
        assertThat(call.getAttribute("page.data")).isNull();
        assertThat(call.getAttribute("requestLogFilter.FILTERED")).isNull();
        assertThat(call.getAttribute("org.apache.catalina.core.DISPATCHER_TYPE"))
                .isEqualTo("REQUEST");

        call.setAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingPattern", "/api/v1/deals");
        call.setAttribute("org.apache.catalina.core.DISPATCHER_TYPE", "FORWARD");
        assertThat(call.getAttribute("org.apache.catalina.core.DISPATCHER_TYPE"))
                .isEqualTo("FORWARD");
        assertThat(page.getAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingPattern"))
                .isNull();
        assertThat(page.getAttribute("org.apache.catalina.core.DISPATCHER_TYPE"))
                .isEqualTo("REQUEST");
    }
}
