package io.custodia.directory;

import io.custodia.platform.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Turning one's own two-factor sign-in on and off. */
@Tag(name = "Sign-in")
@RestController
@RequestMapping("/api/v1/me/totp")
class TwoFactorController {
    private final TwoFactor twoFactor;

    TwoFactorController(TwoFactor twoFactor) {
        this.twoFactor = twoFactor;
    }

    /** A six-digit code from the authenticator app. */
    record Code(@NotNull @Size(max = 16) String code) {}

    record RecoveryCodes(List<String> recoveryCodes) {}

    @Operation(
            operationId = "beginTwoFactor",
            summary = "Start enrolling an authenticator app: its secret, otpauth URI and QR code (PNG data URI)")
    @PostMapping
    ResponseEntity<TwoFactor.Enrolment> begin(@AuthenticationPrincipal CurrentUser me) {
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(twoFactor.begin(me));
    }

    @Operation(
            operationId = "confirmTwoFactor",
            summary = "Confirm the enrolment with a code from the app; answers the recovery codes, shown once")
    @PostMapping("/confirm")
    ResponseEntity<RecoveryCodes> confirm(
            @AuthenticationPrincipal CurrentUser me, @Valid @RequestBody Code body, HttpServletRequest request) {
        List<String> codes =
                twoFactor.confirm(me, body.code(), request.getRemoteAddr()).orElseThrow(TwoFactorController::wrongCode);
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(new RecoveryCodes(codes));
    }

    @Operation(operationId = "removeTwoFactor", summary = "Turn two-factor sign-in off, given a current code")
    @DeleteMapping
    ResponseEntity<Void> remove(
            @AuthenticationPrincipal CurrentUser me, @Valid @RequestBody Code body, HttpServletRequest request) {
        if (!twoFactor.remove(me, body.code(), request.getRemoteAddr())) {
            throw wrongCode();
        }
        return ResponseEntity.noContent().build();
    }

    private static ApiProblem wrongCode() {
        return ApiProblem.invalid("code", "wrong code, or one used already: send the app's current code");
    }
}
