package io.custodia.directory;

import io.custodia.access.SystemPermissionGuard;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemText;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, renaming, deactivating and reactivating people, with every rule and effect that goes
 * with it, for whoever asks: the API's users endpoint and SCIM provisioning. The caller has checked
 * that its principal may manage users.
 */
@Service
public class People {
    private static final String EVERYONE_GIVES = "a role given to everyone would give it to whoever is created";

    private final Users users;
    private final Tokens tokens;
    private final ApplicationEventPublisher events;
    private final SystemPermissionGuard guard;
    private final AuditLog audit;

    People(Users users, Tokens tokens, ApplicationEventPublisher events, SystemPermissionGuard guard, AuditLog audit) {
        this.users = users;
        this.tokens = tokens;
        this.events = events;
        this.guard = guard;
        this.audit = audit;
    }

    /** A person as the audit log records them. */
    record Recorded(UUID id, String email, String name, String status) {
        static Recorded of(Users.User u) {
            return new Recorded(u.id(), u.email(), u.name(), u.status());
        }
    }

    /**
     * Creates a person with this password hash (audited as {@code user.created}); empty when the
     * e-mail is taken in the workspace.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Users.User> create(WorkspacePrincipal by, String email, String name, String passwordHash) {
        UUID id = UUID.randomUUID();
        // A role given to everyone reaches the new person too: whoever creates them must hold
        // whatever system permission it gives (access-model.md, "Who may hand out what").
        Set<SystemPermission> given = guard.givenToEveryone(by.workspaceId());
        if (!given.isEmpty() && by instanceof CurrentUser) {
            guard.requireHeld(by, given, EVERYONE_GIVES);
        } else if (!given.isEmpty()) {
            // A client that is no person (a SCIM token) holds no permission of its own, though
            // "everyone" reaches its principal too.
            throw ApiProblem.forbiddenBecause(
                    "missing permission: {0} ({1}; nobody hands out a permission they do not hold)",
                    given.stream().map(SystemPermission::key).sorted().collect(Collectors.joining(", ")),
                    ProblemText.of(EVERYONE_GIVES));
        }
        if (!users.create(by.workspaceId(), id, email, name, passwordHash)) {
            return Optional.empty();
        }
        Users.User created = users.find(by.workspaceId(), id).orElseThrow();
        audit.record(by.workspaceId(), AuditLog.Actor.of(by), "user.created", "user", id, null, Recorded.of(created));
        return Optional.of(created);
    }

    /**
     * Renames the user (when {@code name} is not null) and sets its status (when not null): a
     * deactivation ends its tokens, sessions, streams and jobs on every node when the transaction
     * commits; neither may leave a system permission without an active holder (409), and a
     * reactivation may not give back permissions {@code by} does not hold (403). Audited as
     * {@code user.renamed}, {@code user.deactivated} or {@code user.reactivated}; answers the user
     * after.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Users.User change(WorkspacePrincipal by, Users.User user, String name, String status) {
        UUID ws = by.workspaceId();
        if (name != null) {
            if (name.isBlank()) {
                throw ApiProblem.invalid("name", "must not be blank");
            }
            users.rename(ws, user.id(), name);
        }
        if (status != null && !status.equals(user.status())) {
            setStatus(by, user.id(), status);
        }
        Users.User after = users.find(ws, user.id()).orElseThrow();
        Recorded was = Recorded.of(user);
        Recorded is = Recorded.of(after);
        if (!is.equals(was)) {
            String action = was.status().equals(is.status())
                    ? "user.renamed"
                    : is.status().equals("active") ? "user.reactivated" : "user.deactivated";
            audit.record(ws, AuditLog.Actor.of(by), action, "user", user.id(), was, is);
        }
        return after;
    }

    /**
     * Sets the user's status with the rules and effects of {@link #change} (the last holder, what a
     * deactivation ends), and no audit entry: for a caller that audits the act this is part of (an
     * offboarding). The status must differ from the user's.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void setStatus(WorkspacePrincipal by, UUID userId, String status) {
        UUID ws = by.workspaceId();
        // One change of who is active at a time: an offboarding naming this person as successor
        // waits for this deactivation, then sees it (access-model, "Offboarding").
        guard.lockWorkspace(ws);
        // A deactivation may take the last holder of a permission; a reactivation gives them back.
        SystemPermissionGuard.Holders holders = guard.beforeStatusChange(ws, userId, status);
        users.setStatus(ws, userId, status);
        guard.check(by, holders);
        if (status.equals("deactivated")) {
            tokens.revokeAll(ws, userId);
            events.publishEvent(new UserDeactivated(ws, userId, AuditLog.Actor.of(by)));
        }
    }
}
