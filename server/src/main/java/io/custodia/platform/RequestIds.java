package io.custodia.platform;

import org.slf4j.MDC;

/**
 * The id of the request being served: taken from the {@code X-Request-Id} header when the caller
 * sends a safe one, else made up; answered in the same header, written on every log line, and
 * passed on by the console to the API calls a page makes, so one id follows a page's work.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";

    /** The logging context's key for it. */
    static final String KEY = "requestId";

    private RequestIds() {}

    /** The current request's id, or null outside a request. */
    public static String current() {
        return MDC.get(KEY);
    }
}
