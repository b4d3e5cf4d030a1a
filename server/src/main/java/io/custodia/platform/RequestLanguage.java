package io.custodia.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Locale;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The language a request asks for with {@code Accept-Language}: its first Portuguese or English
 * preference (any Portuguese reads pt-BR), English when it names neither or is absent. The API
 * writes its problems in it; the console starts from it until the person picks a language.
 */
public final class RequestLanguage {
    public static final Locale PORTUGUESE = Locale.forLanguageTag("pt-BR");

    private RequestLanguage() {}

    public static Locale of(HttpServletRequest request) {
        if (request == null || request.getHeader("Accept-Language") == null) {
            return Locale.ENGLISH;
        }
        for (Locale wanted : Collections.list(request.getLocales())) {
            if (wanted.getLanguage().equals("pt")) {
                return PORTUGUESE;
            }
            if (wanted.getLanguage().equals("en")) {
                return Locale.ENGLISH;
            }
        }
        return Locale.ENGLISH;
    }

    /** The language of the request this thread serves (English outside a request). */
    public static Locale current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return of(attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null);
    }
}
