package io.custodia.web;

import io.custodia.directory.Users;
import io.custodia.platform.RequestLanguage;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console speaks Brazilian Portuguese and English: the browser's {@code Accept-Language}
 * chooses until the person picks one ({@code ?lang=}), which a cookie then remembers.
 */
@Configuration(proxyBeanMethods = false)
class Languages implements WebMvcConfigurer {
    static final Locale PORTUGUESE = RequestLanguage.PORTUGUESE;
    static final List<Locale> SPOKEN = Users.LANGUAGES;

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("custodia-lang");
        resolver.setDefaultLocaleFunction(RequestLanguage::of);
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws ServletException {
                String lang = request.getParameter(getParamName());
                // Only the two languages the console speaks; anything else keeps the current one.
                if (lang != null
                        && SPOKEN.stream().noneMatch(l -> l.toLanguageTag().equalsIgnoreCase(lang))) {
                    return true;
                }
                return super.preHandle(request, response, handler);
            }
        };
        change.setParamName("lang");
        registry.addInterceptor(change).excludePathPatterns("/api/**");
    }
}
