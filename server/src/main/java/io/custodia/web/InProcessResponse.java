package io.custodia.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;

/**
 * The answer to an {@link InProcessRequest}, kept in memory for the page that asked: status,
 * headers and body never reach the page's own response (nor do cookies the API might set).
 */
final class InProcessResponse extends HttpServletResponseWrapper {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private int status = SC_OK;
    private String contentType;
    private Charset charset = StandardCharsets.UTF_8;
    private Locale locale = Locale.ROOT;
    private ServletOutputStream stream;
    private PrintWriter writer;

    InProcessResponse() {
        // Wraps nothing of the page's: the container finishes whatever response lies beneath a
        // dispatched one, and the page's must stay open for the page.
        super(UNUSED);
    }

    /** Beneath the in-memory answer, never reached (every method is answered above it). */
    private static final HttpServletResponse UNUSED = (HttpServletResponse) Proxy.newProxyInstance(
            InProcessResponse.class.getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (proxy, method, args) -> {
                Class<?> type = method.getReturnType();
                if (type == boolean.class) {
                    return false;
                }
                if (type == int.class || type == long.class) {
                    return 0;
                }
                return null;
            });

    int status() {
        return status;
    }

    byte[] body() {
        if (writer != null) {
            writer.flush();
        }
        return body.toByteArray();
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void sendError(int sc) {
        status = sc;
    }

    @Override
    public void sendError(int sc, String msg) {
        status = sc;
        body.writeBytes(msg == null ? new byte[0] : msg.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void sendRedirect(String location) {
        status = SC_FOUND;
        setHeader("Location", location);
    }

    @Override
    public void addCookie(Cookie cookie) {
        // The API sets none; were it to, a cookie of an in-process call is not the browser's.
    }

    @Override
    public boolean containsHeader(String name) {
        return headers.containsKey(key(name));
    }

    @Override
    public void setHeader(String name, String value) {
        // As the servlet API has it: no value removes the header.
        if (value == null) {
            headers.remove(key(name));
        } else {
            headers.put(key(name), new ArrayList<>(List.of(value)));
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (value != null) {
            headers.computeIfAbsent(key(name), k -> new ArrayList<>()).add(value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, Long.toString(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, Long.toString(date));
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(key(name));
        return values == null ? null : values.get(0);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return List.copyOf(headers.getOrDefault(key(name), List.of()));
    }

    @Override
    public Collection<String> getHeaderNames() {
        return List.copyOf(headers.keySet());
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public void setContentType(String type) {
        contentType = type;
        if (type != null) {
            MediaType media = MediaType.parseMediaType(type);
            if (media.getCharset() != null) {
                charset = media.getCharset();
            }
        }
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public void setCharacterEncoding(String encoding) {
        charset = Charset.forName(encoding);
    }

    @Override
    public String getCharacterEncoding() {
        return charset.name();
    }

    @Override
    public void setContentLength(int len) {
        // The body is kept whole; its length is known.
    }

    @Override
    public void setContentLengthLong(long len) {
        // The body is kept whole; its length is known.
    }

    @Override
    public void setLocale(Locale loc) {
        locale = loc;
    }

    @Override
    public Locale getLocale() {
        return locale;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    body.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("the answer is kept in memory");
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(body, charset));
        }
        return writer;
    }

    @Override
    public void flushBuffer() {
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public void reset() {
        resetBuffer();
        headers.clear();
        status = SC_OK;
        contentType = null;
    }

    @Override
    public void resetBuffer() {
        if (writer != null) {
            writer.flush();
        }
        body.reset();
    }

    @Override
    public void setBufferSize(int size) {
        // Kept in memory whole.
    }

    @Override
    public int getBufferSize() {
        return Integer.MAX_VALUE;
    }
}
