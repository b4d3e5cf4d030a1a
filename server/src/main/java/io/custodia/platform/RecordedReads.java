package io.custodia.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses {@code HEAD} on a {@link RecordedRead} before its handler runs, as any other method the
 * handler does not take is refused: 405 with {@code Allow: GET}, a problem answered by the API's
 * own exception handling (in the request's language).
 */
@Component
class RecordedReads implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws HttpRequestMethodNotSupportedException {
                if (HttpMethod.HEAD.matches(request.getMethod())
                        && handler instanceof HandlerMethod method
                        && method.hasMethodAnnotation(RecordedRead.class)) {
                    throw new HttpRequestMethodNotSupportedException(request.getMethod(), List.of("GET"));
                }
                return true;
            }
        });
    }
}
