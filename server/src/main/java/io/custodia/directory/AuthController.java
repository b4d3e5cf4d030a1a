package io.custodia.directory;

import io.custodia.access.AccessPolicies;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemText;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Signing in and out, and who am I. */
@Tag(name = "Sign-in")
@RestController
@RequestMapping("/api/v1")
class AuthController {
    private static final String WRONG = "wrong workspace, e-mail or password";

    private final SignIn signIn;
    private final Tokens tokens;
    private final AccessPolicies access;
    private final Users users;

    AuthController(SignIn signIn, Tokens tokens, AccessPolicies access, Users users) {
        this.users = users;
        this.signIn = signIn;
        this.tokens = tokens;
        this.access = access;
    }

    /** {@code code} (six digits) or {@code recoveryCode}: only for someone with two-factor sign-in on. */
    record Login(
            @NotBlank @Size(max = 63) String workspace,
            @NotBlank @Size(max = 254) String email,
            @NotBlank @Size(max = 128) String password,
            @Size(max = 16) String code,
            @Size(max = 64) String recoveryCode) {}

    /**
     * {@code secondFactorEnrolmentRequired}: the workspace requires a second factor of this person,
     * who has none yet; the token serves only to enrol one (and to ask who am I, and to sign out).
     */
    record AccessToken(String accessToken, String tokenType, long expiresIn, boolean secondFactorEnrolmentRequired) {}

    @Operation(operationId = "signIn", summary = "Sign in and get a bearer token")
    @PostMapping("/auth/login")
    ResponseEntity<AccessToken> login(@Valid @RequestBody Login login, HttpServletRequest request) {
        SignIn.Outcome outcome = signIn.attempt(
                new SignIn.Credentials(
                        login.workspace(), login.email(), login.password(), login.code(), login.recoveryCode()),
                request.getRemoteAddr());
        if (outcome instanceof SignIn.Throttled throttled) {
            throw new Throttled(Math.max(1, throttled.retryAfter().toSeconds()));
        }
        if (outcome instanceof SignIn.SecondFactorRequired second) {
            throw new SecondFactorWanted(second.wrongCode());
        }
        if (outcome instanceof SignIn.PasswordsOff) {
            throw new ApiProblem(
                    HttpStatus.FORBIDDEN,
                    "Password sign-in is off",
                    "this workspace signs its people in through its company's provider: use the console's"
                            + " \"Sign in with your company\"",
                    List.of());
        }
        if (!(outcome instanceof SignIn.Succeeded succeeded)) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Sign-in failed", WRONG, List.of());
        }
        CurrentUser user = succeeded.user();
        String token = tokens.issue(user.workspaceId(), user.id(), Tokens.Kind.API);
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new AccessToken(token, "Bearer", tokens.ttl().toSeconds(), user.enrolmentOnly()));
    }

    /** The password was right; a code from the authenticator app (or a recovery code) is wanted, or was wrong. */
    static final class SecondFactorWanted extends ApiProblem {
        SecondFactorWanted(boolean wrongCode) {
            super(
                    HttpStatus.UNAUTHORIZED,
                    "Second factor required",
                    wrongCode
                            ? "the code is wrong, or was used already; send a new one"
                            : "send the code from your authenticator app as \"code\" (or a recovery code as"
                                    + " \"recoveryCode\") with the password",
                    List.of());
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("secondFactorRequired", true);
        }
    }

    @Operation(operationId = "signOut", summary = "Sign out (revoke the bearer token)")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PostMapping("/auth/logout")
    ResponseEntity<Void> logout(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        tokens.revoke(authorization.substring("Bearer ".length()).strip());
        return ResponseEntity.noContent().build();
    }

    /**
     * {@code twoFactor}: whether the person signs in with a second factor; {@code
     * secondFactorEnrolmentRequired}: this sign-in may only enrol one, as the workspace requires it;
     * {@code language}: the one they chose to read e-mails in, null until they choose (English).
     */
    record Me(
            UUID id,
            String email,
            String name,
            UUID workspaceId,
            List<String> systemPermissions,
            boolean twoFactor,
            boolean secondFactorEnrolmentRequired,
            String language) {}

    /** {@code pt-BR} or {@code en}. */
    record MyChanges(@NotBlank @Size(max = 10) String language) {}

    @Operation(operationId = "getMe", summary = "Who the signed-in user is")
    @GetMapping("/me")
    Me me(@AuthenticationPrincipal CurrentUser me) {
        List<String> permissions = access.accessOf(me.workspaceId(), me.id()).systemPermissions().stream()
                .sorted()
                .map(SystemPermission::key)
                .toList();
        Users.Settings settings = users.settingsOf(me.workspaceId(), me.id());
        return new Me(
                me.id(),
                me.email(),
                me.name(),
                me.workspaceId(),
                permissions,
                settings.twoFactor(),
                me.enrolmentOnly(),
                settings.language());
    }

    @Operation(operationId = "changeMe", summary = "Choose the language Custodia writes to you in (pt-BR or en)")
    @PatchMapping("/me")
    Me change(@AuthenticationPrincipal CurrentUser me, @Valid @RequestBody MyChanges body) {
        Locale language = Users.LANGUAGES.stream()
                .filter(l -> l.toLanguageTag().equalsIgnoreCase(body.language()))
                .findFirst()
                .orElseThrow(() -> ApiProblem.invalid("language", "one of pt-BR, en"));
        users.setLanguage(me.workspaceId(), me.id(), language);
        return me(me);
    }

    /** Too many failed sign-ins: 429 with Retry-After. */
    static final class Throttled extends ApiProblem {
        private final long retryAfterSeconds;

        Throttled(long retryAfterSeconds) {
            super(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "Too many attempts",
                    ProblemText.of("too many failed sign-ins; try again in {0} seconds", retryAfterSeconds),
                    List.of());
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
    }
}
