package io.custodia.web;

import io.custodia.platform.ConsolePage;
import io.custodia.platform.CustodiaProperties;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Signing up a workspace from the browser, while sign-up is open ({@code CUSTODIA_SIGNUP}): the
 * form is sent on to {@code POST /api/v1/workspaces}, so it is checked, refused and audited exactly
 * as the API's sign-up is; the form itself is CSRF-protected like every console form.
 */
@Controller
@ConsolePage
class SignUpPage {
    private final ConsoleApi api;
    private final CustodiaProperties properties;

    SignUpPage(ConsoleApi api, CustodiaProperties properties) {
        this.api = api;
        this.properties = properties;
    }

    @GetMapping("/signup")
    String form(Model model) {
        requireOpen((View) model.getAttribute("v"));
        return page(model, "", "", "", "", null);
    }

    @PostMapping("/signup")
    String signUp(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String slug,
            @RequestParam(defaultValue = "") String adminName,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String password,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        View v = (View) model.getAttribute("v");
        requireOpen(v);
        try {
            api.postSignedOut(
                    "/api/v1/workspaces",
                    Map.of(
                            "name",
                            name,
                            "slug",
                            slug,
                            "admin",
                            Map.of("email", email, "name", adminName, "password", password)));
        } catch (ConsoleApi.Problem refused) {
            // The form again with what was typed (never the password) and the API's reasons.
            response.setStatus(refused.status);
            return page(model, name, slug, adminName, email, ConsoleAdvice.reason(v, refused));
        }
        redirect.addFlashAttribute("notice", "workspaceCreated");
        return "redirect:/login?workspace=" + URLEncoder.encode(slug, StandardCharsets.UTF_8);
    }

    /** Closed sign-up has no page, for a form posted to it either: "not found", saying why. */
    private void requireOpen(View v) {
        if (properties.signup() != CustodiaProperties.Signup.OPEN) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, v.t("signup.closed"));
        }
    }

    private static String page(Model model, String name, String slug, String adminName, String email, String message) {
        model.addAttribute("name", name);
        model.addAttribute("slug", slug);
        model.addAttribute("adminName", adminName);
        model.addAttribute("email", email);
        model.addAttribute("message", message);
        return "signup";
    }
}
