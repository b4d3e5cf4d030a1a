package io.custodia.web;

import io.custodia.platform.ConsolePage;
import io.custodia.platform.CustodiaProperties;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page; the form itself is handled by the browser sign-in in the directory. */
@Controller
@ConsolePage
class SignInPage {
    /**
     * The refusals of a sign-in through the company's provider that the person can act on; the
     * others (state, nonce, signature, issuer, audience, expiry) say only that the answer was refused.
     */
    private static final Set<String> SSO_MESSAGES =
            Set.of("unknown", "provider", "email_unverified", "domain_not_mapped", "no_account", "deactivated");

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
            @RequestParam(required = false) String sso,
            @RequestParam(required = false) String passwordsOff,
            Model model) {
        View v = (View) model.getAttribute("v");
        String message = null;
        if (sso != null) {
            message = v.t(SSO_MESSAGES.contains(sso) ? "login.sso." + sso : "login.sso.refused");
        } else if (passwordsOff != null) {
            message = v.t("login.passwordsOff");
        } else if (code != null) {
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
