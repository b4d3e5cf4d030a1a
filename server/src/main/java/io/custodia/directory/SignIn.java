package io.custodia.directory;

import io.custodia.platform.Tenancy;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Checking a workspace, e-mail and password, with throttling per account and per client address;
 * the same for the API's token sign-in and the browser's session sign-in.
 */
@Service
public class SignIn {
    private final Workspaces workspaces;
    private final Users users;
    private final Passwords passwords;
    private final LoginThrottle throttle;

    SignIn(Workspaces workspaces, Users users, Passwords passwords, LoginThrottle throttle) {
        this.workspaces = workspaces;
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
    }

    /** The outcome: the user signed in, too many failures (wait this long), or wrong credentials. */
    public sealed interface Outcome permits Succeeded, Throttled, Failed {}

    public record Succeeded(CurrentUser user) implements Outcome {}

    public record Throttled(Duration retryAfter) implements Outcome {}

    public record Failed() implements Outcome {}

    public Outcome attempt(String workspace, String email, String password, String address) {
        String account = workspace + "/" + Users.normalise(email);
        Optional<Duration> wait = throttle.blocked(account, address);
        if (wait.isPresent()) {
            return new Throttled(wait.get());
        }
        Optional<UUID> workspaceId = workspaces.idOf(workspace);
        workspaceId.ifPresent(Tenancy::enter);
        Optional<Users.Credentials> credentials = workspaceId.flatMap(ws -> users.credentials(ws, email));
        boolean ok;
        if (credentials.isPresent()) {
            ok = passwords.matches(password, credentials.get().passwordHash())
                    && credentials.get().active();
        } else {
            // The same work as a real check, so that timing does not tell which e-mails exist.
            passwords.verifyNothing(password);
            ok = false;
        }
        if (!ok) {
            throttle.failed(account, address);
            return new Failed();
        }
        throttle.succeeded(account);
        UUID userId = credentials.get().id();
        users.signedIn(workspaceId.get(), userId);
        Users.User user = users.find(workspaceId.get(), userId).orElseThrow();
        return new Succeeded(new CurrentUser(workspaceId.get(), userId, user.email(), user.name()));
    }
}
