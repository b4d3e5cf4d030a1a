package io.custodia.web;

import io.custodia.directory.ConsoleSession;
import io.custodia.platform.ConsolePage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Gives every console page its {@link View}, and turns what the API refused into the page's own
 * words: a refused form returns to where it was sent from with the reason shown; a page that cannot
 * be shown says why; an ended session goes back to sign-in.
 */
// Before the API's own handler, which would answer a console page with problem JSON.
@Order(Ordered.HIGHEST_PRECEDENCE)
@ControllerAdvice(annotations = ConsolePage.class)
class ConsoleAdvice {
    private final MessageSource messages;
    private final ConsoleApi api;
    private final ZoneId zone;

    ConsoleAdvice(MessageSource messages, ConsoleApi api, @Value("${custodia.console.time-zone:}") String zone) {
        this.messages = messages;
        this.api = api;
        this.zone = zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
    }

    @ModelAttribute("v")
    View view(HttpServletRequest request, Model model) {
        return view(
                request,
                (String) model.getAttribute("notice"),
                (String) model.getAttribute("error"),
                model.getAttribute("pickerFound") instanceof PickerFound found ? found : null);
    }

    /** The page's view for the person signed in (name and permissions from the API), if anyone is. */
    private View view(HttpServletRequest request, String notice, String error, PickerFound found) {
        String name = null;
        Set<String> permissions = Set.of();
        HttpSession session = request.getSession(false);
        if (ConsoleSession.tokenOf(session).isPresent()) {
            Json me = api.get("/api/v1/me");
            // The console's language becomes the person's (e-mails are written in it) the first
            // time they open a page in it, and again when they switch.
            String language = RequestContextUtils.getLocale(request).toLanguageTag();
            if (!language.equalsIgnoreCase(me.s("language"))
                    && Languages.SPOKEN.stream().anyMatch(l -> l.toLanguageTag().equalsIgnoreCase(language))
                    && !me.bool("secondFactorEnrolmentRequired")) {
                api.patch("/api/v1/me", Map.of("language", language));
            }
            name = me.s("name");
            permissions = new HashSet<>();
            for (Json p : me.list("systemPermissions")) {
                permissions.add(p.text());
            }
        }
        return view(request, name, permissions, notice, error, found);
    }

    View view(HttpServletRequest request, String name, Set<String> permissions, String notice, String error) {
        return view(request, name, permissions, notice, error, null);
    }

    private View view(
            HttpServletRequest request,
            String name,
            Set<String> permissions,
            String notice,
            String error,
            PickerFound found) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return new View(
                messages,
                RequestContextUtils.getLocale(request),
                zone,
                csrf == null ? "_csrf" : csrf.getParameterName(),
                csrf == null ? "" : csrf.getToken(),
                request.getRequestURI(),
                name,
                permissions,
                notice,
                error,
                found);
    }

    @ExceptionHandler(ConsoleApi.SignedOut.class)
    String signedOut(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", "/login?expired");
        }
        return "redirect:/login?expired";
    }

    @ExceptionHandler(ConsoleApi.Problem.class)
    String refused(
            ConsoleApi.Problem problem,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        String message = reason(view(request, null, Set.of(), null, null), problem);
        if (!"GET".equals(request.getMethod())) {
            redirect.addFlashAttribute("error", message);
            return "redirect:" + backTo(request);
        }
        response.setStatus(problem.status);
        model.addAttribute("v", view(request, null, message, null));
        model.addAttribute("status", problem.status);
        return "error";
    }

    /** The API's refusal in the page's language: what kind of refusal, then the server's detail. */
    static String reason(View v, ConsoleApi.Problem problem) {
        StringBuilder text = new StringBuilder(v.t("problem." + problem.status));
        String detail = problem.body.s("detail");
        if (!detail.isBlank()) {
            text.append(' ').append(detail);
        }
        for (Json error : problem.body.list("errors")) {
            text.append(" (")
                    .append(error.s("field"))
                    .append(": ")
                    .append(error.s("message"))
                    .append(')');
        }
        return text.toString();
    }

    /** Where a refused form came from, when that is a page of this console; the start page otherwise. */
    static String backTo(HttpServletRequest request) {
        String referer = request.getHeader("Referer");
        if (referer != null) {
            try {
                URI uri = URI.create(referer);
                if (request.getServerName().equals(uri.getHost()) && uri.getPath() != null) {
                    return uri.getPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                }
            } catch (IllegalArgumentException notAnAddress) {
                // a header no browser sends: back to the start page
            }
        }
        return "/";
    }
}
