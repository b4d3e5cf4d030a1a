package io.custodia.directory;

import io.custodia.access.AccessPolicies;
import io.custodia.access.Roles;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemText;
import io.custodia.platform.Sealing;
import io.custodia.policy.SystemPermission;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registering a workspace's OpenID Connect provider ({@code workspace.manage}): checked, stored with
 * its client secret sealed, audited without the secret (docs/api.md, "Single sign-on").
 */
@Service
public class SsoConfiguration {
    /** What {@link Sealing} binds a client secret to, beside its workspace. */
    static final String SECRET_PURPOSE = "sso.client-secret";

    static final int MAX_DOMAINS = 50;
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private final SsoSettings settings;
    private final Sealing sealing;
    private final Roles roles;
    private final AccessPolicies access;
    private final AuditLog audit;
    private final Workspaces workspaces;

    SsoConfiguration(
            SsoSettings settings,
            Sealing sealing,
            Roles roles,
            AccessPolicies access,
            AuditLog audit,
            Workspaces workspaces) {
        this.workspaces = workspaces;
        this.settings = settings;
        this.sealing = sealing;
        this.roles = roles;
        this.access = access;
        this.audit = audit;
    }

    /** What an administrator sends; null {@code clientSecret} keeps the stored one. */
    public record Change(
            String issuer,
            String clientId,
            String clientSecret,
            Boolean passwordSignIn,
            List<String> domains,
            Boolean createUsers,
            UUID defaultRoleId) {}

    /** What an administrator sees: never the secret, only that there is one. */
    public record Shown(
            String issuer,
            String clientId,
            boolean clientSecretSet,
            boolean passwordSignIn,
            List<String> domains,
            boolean createUsers,
            UUID defaultRoleId) {}

    /** The caller's workspace's slug, which names its provider in the sign-in addresses. */
    String slugOf(CurrentUser me) {
        return workspaces.summary(me.workspaceId()).slug();
    }

    @Transactional(readOnly = true)
    public Shown get(CurrentUser me) {
        access.require(me, SystemPermission.WORKSPACE_MANAGE);
        return settings.of(me.workspaceId()).map(SsoConfiguration::shown).orElseThrow(SsoConfiguration::none);
    }

    @Transactional
    public Shown put(CurrentUser me, Change change) {
        access.require(me, SystemPermission.WORKSPACE_MANAGE);
        UUID ws = me.workspaceId();
        Optional<SsoSettings.Stored> before = settings.of(ws);
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        String issuer = issuer(change.issuer(), errors);
        String clientId = text(change.clientId(), "clientId", 255, errors);
        String secret = change.clientSecret();
        if (secret == null && before.isEmpty()) {
            errors.add(new ApiProblem.FieldError("clientSecret", "required when the workspace has no provider yet"));
        } else if (secret != null) {
            text(secret, "clientSecret", 1024, errors);
        }
        List<String> domains = domains(change.domains(), errors);
        boolean createUsers = Boolean.TRUE.equals(change.createUsers());
        defaultRole(ws, change.defaultRoleId(), createUsers, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        boolean secretChanged =
                secret != null && before.map(b -> !secret.equals(opened(ws, b))).orElse(true);
        SsoSettings.Stored stored = new SsoSettings.Stored(
                ws,
                issuer,
                clientId,
                secretChanged
                        ? sealing.seal(ws, SECRET_PURPOSE, secret)
                        : before.orElseThrow().sealedSecret(),
                !Boolean.FALSE.equals(change.passwordSignIn()),
                createUsers,
                change.defaultRoleId(),
                null,
                domains);
        Shown after = shown(stored);
        if (before.isPresent() && !secretChanged && shown(before.get()).equals(after)) {
            // The same configuration sent again changes nothing, not even the discovery kept for it.
            return after;
        }
        Optional<String> taken = settings.save(stored);
        if (taken.isPresent()) {
            throw ApiProblem.conflict("the domain {0} is mapped by another workspace", taken.get());
        }
        Map<String, Object> is = audited(after);
        if (secretChanged) {
            is.put("clientSecret", "changed");
        }
        audit.record(
                ws,
                AuditLog.Actor.of(me),
                "workspace.sso.configured",
                "workspace",
                ws,
                before.map(b -> audited(shown(b))).orElse(null),
                is);
        return after;
    }

    @Transactional
    public void delete(CurrentUser me) {
        access.require(me, SystemPermission.WORKSPACE_MANAGE);
        UUID ws = me.workspaceId();
        SsoSettings.Stored before = settings.of(ws).orElseThrow(SsoConfiguration::none);
        settings.remove(ws);
        audit.record(ws, AuditLog.Actor.of(me), "workspace.sso.removed", "workspace", ws, audited(shown(before)), null);
    }

    /** The stored secret, or null when it no longer opens (a key lost): then any secret sent replaces it. */
    private String opened(UUID ws, SsoSettings.Stored stored) {
        try {
            return sealing.open(ws, SECRET_PURPOSE, stored.sealedSecret());
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static ApiProblem none() {
        return ApiProblem.notFound("single sign-on configuration");
    }

    private static Shown shown(SsoSettings.Stored s) {
        return new Shown(
                s.issuer(), s.clientId(), true, s.passwordSignIn(), s.domains(), s.createUsers(), s.defaultRoleId());
    }

    /** The audit's view: what is shown, the secret's mere presence left out. */
    private static Map<String, Object> audited(Shown s) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("issuer", s.issuer());
        values.put("clientId", s.clientId());
        values.put("passwordSignIn", s.passwordSignIn());
        values.put("domains", s.domains());
        values.put("createUsers", s.createUsers());
        values.put("defaultRoleId", s.defaultRoleId());
        return values;
    }

    private static String text(String value, String field, int max, List<ApiProblem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new ApiProblem.FieldError(field, "required"));
            return null;
        }
        if (value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new ApiProblem.FieldError(field, "1 to {0} characters, no control characters", max));
            return null;
        }
        return value.strip();
    }

    /** An absolute https URL without query or fragment; plain http only on the loopback address. */
    static String issuer(String value, List<ApiProblem.FieldError> errors) {
        String text = text(value, "issuer", 2000, errors);
        if (text == null) {
            return null;
        }
        ProblemText why = ProblemText.of("an absolute https URL without query or fragment (http only on localhost)");
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            boolean ok = uri.isAbsolute()
                    && !host.isEmpty()
                    && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && (scheme.equals("https") || (scheme.equals("http") && LOOPBACK.contains(host)));
            if (!ok) {
                errors.add(new ApiProblem.FieldError("issuer", why));
                return null;
            }
            return text;
        } catch (URISyntaxException e) {
            errors.add(new ApiProblem.FieldError("issuer", why));
            return null;
        }
    }

    /** Whether the text is a domain name as a configuration holds it (lower case). */
    static boolean isDomain(String text) {
        return DOMAIN.matcher(text).matches();
    }

    private static List<String> domains(List<String> values, List<ApiProblem.FieldError> errors) {
        if (values == null || values.isEmpty() || values.size() > MAX_DOMAINS) {
            errors.add(new ApiProblem.FieldError("domains", "1 to {0} e-mail domains", MAX_DOMAINS));
            return List.of();
        }
        Set<String> domains = new TreeSet<>();
        for (int i = 0; i < values.size(); i++) {
            String d = values.get(i) == null ? "" : values.get(i).strip().toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(d).matches()) {
                errors.add(new ApiProblem.FieldError("domains[" + i + "]", "a domain name such as acme.com.br"));
            } else {
                domains.add(d);
            }
        }
        return List.copyOf(domains);
    }

    /** The role people created at sign-in hold: one of the workspace's, giving no system permission. */
    private void defaultRole(UUID ws, UUID roleId, boolean createUsers, List<ApiProblem.FieldError> errors) {
        if (roleId == null) {
            if (createUsers) {
                errors.add(new ApiProblem.FieldError("defaultRoleId", "required when createUsers is true"));
            }
            return;
        }
        Optional<Roles.StoredRole> role = roles.find(ws, roleId);
        if (role.isEmpty()) {
            errors.add(new ApiProblem.FieldError("defaultRoleId", "no such role in this workspace"));
        } else if (!role.get().role().system().isEmpty()) {
            errors.add(new ApiProblem.FieldError(
                    "defaultRoleId", "a role that gives no system permission (people would hold it at first sign-in)"));
        }
    }
}
