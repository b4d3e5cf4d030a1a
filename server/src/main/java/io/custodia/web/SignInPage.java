package io.custodia.web;

import io.custodia.platform.ConsolePage;
import io.custodia.platform.CustodiaProperties;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page; the form itself is handled by the browser sign-in in the directory. */
@Controller
@ConsolePage
class SignInPage {
    private final CustodiaProperties properties;

    SignInPage(CustodiaProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/login")
    String login(
            @RequestParam(required = false) String error,
            @RequestParam(required = false) String expired,
            @RequestParam(required = false) String signedOut,
            @RequestParam(required = false) String workspace,
            @RequestParam(required = false) String code,
            @RequestParam(required = false) String wrongCode,
            Model model) {
        View v = (View) model.getAttribute("v");
        String message = null;
        if (code != null) {
            message = v.t("login.codeRequired");
        } else if (wrongCode != null) {
            message = v.t("login.wrongCode");
        } else if (error != null) {
            message = v.t("login.failed");
        } else if (expired != null) {
            message = v.t("login.expired");
        } else if (signedOut != null) {
            message = v.t("login.signedOut");
        }
        model.addAttribute("workspace", workspace);
        model.addAttribute("message", message);
        model.addAttribute("codeWanted", code != null || wrongCode != null);
        model.addAttribute("signup", properties.signup() == CustodiaProperties.Signup.OPEN);
        return "login";
    }
}
