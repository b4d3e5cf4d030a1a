package io.custodia.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A body sent as a wildcard media type ({@code application/*}, {@code *}{@code /*}) is 415: Spring
 * MVC fails on such a {@code Content-Type} with an error it does not translate, which answered 500
 * on every endpoint with a body, signing in included (found by the outside probe of 2026-12-07).
 */
@Component
// After the body-size limit and the parameters' check (+2), each filter in its own place.
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class WildcardContentTypeFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getContentType();
        if (given != null && wildcard(given)) {
            ProblemResponses.write(
                    request,
                    response,
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported Media Type",
                    ProblemText.of("the Content-Type {0} is a wildcard: name the body's media type", given));
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean wildcard(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException unparsable) {
            // Spring answers those itself (415).
            return false;
        }
    }
}
