package io.custodia.web;

import io.custodia.platform.ConsolePage;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One's own two-factor sign-in: start an enrolment (the QR code and the secret), confirm it with a
 * code (the recovery codes, shown this once), or turn it off with a code. A session that must enrol
 * before anything else is sent here.
 */
@Controller
@ConsolePage
class TwoFactorPage {
    private static final String PAGE = "me/twoFactor";

    private final ConsoleApi api;

    TwoFactorPage(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/me/two-factor")
    String show(Model model) {
        return page(model, null, null);
    }

    @PostMapping("/me/two-factor/start")
    String start(Model model) {
        return page(model, api.post("/api/v1/me/totp", Map.of()), null);
    }

    @PostMapping("/me/two-factor/confirm")
    String confirm(@RequestParam String code, Model model) {
        Json codes = api.post("/api/v1/me/totp/confirm", Map.of("code", code));
        return page(
                model,
                null,
                codes.list("recoveryCodes").stream().map(Json::text).toList());
    }

    @PostMapping("/me/two-factor/remove")
    String remove(@RequestParam String code, RedirectAttributes redirect) {
        api.delete("/api/v1/me/totp", Map.of("code", code));
        return Pages.deleted(redirect, "/me/two-factor");
    }

    private String page(Model model, Json enrolment, List<String> recoveryCodes) {
        model.addAttribute("me", api.get("/api/v1/me"));
        model.addAttribute("enrolment", enrolment);
        model.addAttribute("recoveryCodes", recoveryCodes);
        return PAGE;
    }
}
