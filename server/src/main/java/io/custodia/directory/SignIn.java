package io.custodia.directory;

import io.custodia.access.AccessPolicies;
import io.custodia.platform.Tenancy;
import io.custodia.policy.SystemPermission;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Checking a workspace, e-mail and password, and the second factor of those who have one, with
 * throttling per account and per client address (a wrong code counts as a wrong password); the
 * same for the API's token sign-in and the browser's session sign-in.
 */
@Service
public class SignIn {
    private final Workspaces workspaces;
    private final Users users;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final TwoFactor twoFactor;
    private final SsoSettings sso;
    private final AccessPolicies access;

    SignIn(
            Workspaces workspaces,
            Users users,
            Passwords passwords,
            LoginThrottle throttle,
            TwoFactor twoFactor,
            SsoSettings sso,
            AccessPolicies access) {
        this.sso = sso;
        this.access = access;
        this.workspaces = workspaces;
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
        this.twoFactor = twoFactor;
    }

    /**
     * The outcome: the user signed in (perhaps only to enrol the second factor their workspace
     * requires), too many failures (wait this long), wrong credentials, or the password was right
     * and a code (or recovery code) is wanted, or was wrong.
     */
    public sealed interface Outcome permits Succeeded, Throttled, Failed, SecondFactorRequired, PasswordsOff {}

    public record Succeeded(CurrentUser user) implements Outcome {}

    public record Throttled(Duration retryAfter) implements Outcome {}

    public record Failed() implements Outcome {}

    public record SecondFactorRequired(boolean wrongCode) implements Outcome {}

    /**
     * The password was right, but the workspace signs its people in through its provider only; its
     * administrators ({@code workspace.manage}) keep their passwords, so it cannot be locked out.
     */
    public record PasswordsOff() implements Outcome {}

    /** What a sign-in sends: a code or a recovery code only when the person has a second factor. */
    public record Credentials(String workspace, String email, String password, String code, String recoveryCode) {}

    public Outcome attempt(Credentials c, String address) {
        Optional<UUID> workspaceId = workspaces.idOf(c.workspace());
        LoginThrottle.Attempt counted = new LoginThrottle.Attempt(
                workspaceId.orElse(null), c.workspace() + "/" + Users.normalise(c.email()), address);
        Optional<Duration> wait = throttle.take(counted);
        if (wait.isPresent()) {
            return new Throttled(wait.get());
        }
        workspaceId.ifPresent(Tenancy::enter);
        Optional<Users.Credentials> credentials = workspaceId.flatMap(ws -> users.credentials(ws, c.email()));
        boolean ok;
        if (credentials.isPresent()) {
            ok = passwords.matches(c.password(), credentials.get().passwordHash())
                    && credentials.get().active();
        } else {
            // The same work as a real check, so that timing does not tell which e-mails exist.
            passwords.verifyNothing(c.password());
            ok = false;
        }
        if (!ok) {
            // INVARIANT: the attempt was counted by take(); a failure keeps its place in both counters.
            return new Failed();
        }
        UUID userId = credentials.get().id();
        if (sso.passwordsOff(workspaceId.get())
                && !access.has(workspaceId.get(), userId, SystemPermission.WORKSPACE_MANAGE)) {
            // The password was right: no failure to count, and nothing said to whoever lacks it.
            throttle.forgiven(counted);
            return new PasswordsOff();
        }
        Users.User user = users.find(workspaceId.get(), userId).orElseThrow();
        CurrentUser who = new CurrentUser(workspaceId.get(), userId, user.email(), user.name(), false);
        TwoFactor.Check second = twoFactor.check(who, c.code(), c.recoveryCode());
        if (second == TwoFactor.Check.MISSING) {
            // The password was right: asking for the code is not a failure.
            throttle.forgiven(counted);
            return new SecondFactorRequired(false);
        }
        if (second == TwoFactor.Check.WRONG) {
            return new SecondFactorRequired(true);
        }
        throttle.succeeded(counted);
        users.signedIn(workspaceId.get(), userId);
        boolean enrolmentOnly = twoFactor.mayOnlyEnrol(workspaceId.get(), userId);
        return new Succeeded(new CurrentUser(workspaceId.get(), userId, user.email(), user.name(), enrolmentOnly));
    }
}
