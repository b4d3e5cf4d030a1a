package io.custodia.web;

import io.custodia.platform.InMemoryInputStream;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/**
 * An API request made by a console page inside the page's own request: its method, path, query,
 * headers and body are the API call's alone (nothing of the page's form or query reaches the API),
 * and its attributes are its own (but for the container's), so what the API's handling leaves on a
 * request stays off the page's. Every filter runs for it as for a request of its own: it logs its
 * own access-log line, under the page's request id.
 */
final class InProcessRequest extends HttpServletRequestWrapper {
    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final byte[] body;
    private final Locale locale;
    private final Map<String, String[]> parameters;
    private final Map<String, Object> attributes = new HashMap<>();

    InProcessRequest(
            HttpServletRequest page,
            String method,
            String path,
            String query,
            Map<String, String> headers,
            byte[] body,
            Locale locale) {
        super(page);
        this.method = method;
        this.path = path;
        this.query = query.isEmpty() ? null : query;
        headers.forEach((name, value) -> this.headers.put(name.toLowerCase(Locale.ROOT), List.of(value)));
        this.body = body == null ? new byte[0] : body;
        this.locale = locale;
        this.parameters = parse(query);
    }

    private static Map<String, String[]> parse(String query) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        Map<String, String[]> parsed = new LinkedHashMap<>();
        values.forEach((name, list) -> parsed.put(name, list.toArray(String[]::new)));
        return Collections.unmodifiableMap(parsed);
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public String getRequestURI() {
        return path;
    }

    @Override
    public StringBuffer getRequestURL() {
        StringBuffer url = new StringBuffer(getScheme()).append("://").append(getServerName());
        return url.append(':').append(getServerPort()).append(path);
    }

    @Override
    public String getContextPath() {
        return "";
    }

    @Override
    public String getServletPath() {
        return path;
    }

    @Override
    public String getPathInfo() {
        return null;
    }

    @Override
    public String getQueryString() {
        return query;
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters.get(name);
        return values == null ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        return parameters.get(name);
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return Collections.enumeration(headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(headers.keySet());
    }

    @Override
    public int getIntHeader(String name) {
        String value = getHeader(name);
        return value == null ? -1 : Integer.parseInt(value);
    }

    @Override
    public long getDateHeader(String name) {
        if (getHeader(name) == null) {
            return -1;
        }
        throw new IllegalArgumentException("the console sends no date header: " + name);
    }

    @Override
    public String getContentType() {
        return getHeader(HttpHeaders.CONTENT_TYPE);
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public String getCharacterEncoding() {
        return StandardCharsets.UTF_8.name();
    }

    @Override
    public void setCharacterEncoding(String encoding) {
        // Always UTF-8: the console writes its bodies so.
    }

    @Override
    public ServletInputStream getInputStream() {
        return new InMemoryInputStream(body);
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }

    @Override
    public Locale getLocale() {
        return locale;
    }

    @Override
    public Enumeration<Locale> getLocales() {
        return Collections.enumeration(List.of(locale));
    }

    @Override
    public Object getAttribute(String name) {
        Object own = attributes.get(name);
        // INVARIANT: only the container's own state is read through (Tomcat's dispatch needs the
        // page's dispatcher type), never the page's data nor its filters' marks: every filter runs
        // for the call as for a request of its own.
        return own == null && name.startsWith("org.apache.catalina.") ? super.getAttribute(name) : own;
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(new ArrayList<>(attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }
}
