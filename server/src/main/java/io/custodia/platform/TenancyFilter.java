package io.custodia.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Each request starts working for no workspace and ends the same way, whatever a pooled thread did
 * before; in between, the sign-in (token, form, app) enters the caller's workspace, and pages
 * behind a browser session enter it from the session's user before their handler runs. The same
 * step names the caller to the access log ({@link RequestLogFilter#identify}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TenancyFilter extends OncePerRequestFilter implements WebMvcConfigurer {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Tenancy.leave();
        try {
            chain.doFilter(request, response);
        } finally {
            Tenancy.leave();
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if (auth != null && auth.getPrincipal() instanceof WorkspacePrincipal principal) {
                    Tenancy.enter(principal.workspaceId());
                    RequestLogFilter.identify(request, principal);
                }
                return true;
            }
        });
    }
}
