package io.custodia.directory;

import io.custodia.access.AccessPolicies;
import io.custodia.access.Roles;
import io.custodia.access.SystemPermissionGuard;
import io.custodia.audit.AuditLog;
import io.custodia.platform.Tenancy;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Whom a provider's verified answer signs in (docs/access-model.md, "Signing in through the
 * company's provider"): a person of the provider's own workspace, with a verified e-mail of a domain
 * it maps, active; or, when the workspace asked for it, someone new with its default role. Every
 * sign-in and every refusal is audited, a refusal with its reason class.
 */
@Service
class SsoSignIn {
    /** Why a sign-in through a provider was refused; {@link #key} is its class in the audit and the sign-in page. */
    enum Reason {
        STATE,
        NONCE,
        SIGNATURE,
        ISSUER,
        AUDIENCE,
        EXPIRED,
        ID_TOKEN,
        PROVIDER,
        EMAIL_UNVERIFIED,
        DOMAIN_NOT_MAPPED,
        NO_ACCOUNT,
        DEACTIVATED;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A refusal of ours, after the provider's answer was checked. */
    static final class Refused extends OAuth2AuthenticationException {
        final Reason reason;
        final String email;

        Refused(Reason reason, String email) {
            super(new OAuth2Error("sso_" + reason.key()), "single sign-on refused: " + reason.key());
            this.reason = reason;
            this.email = email;
        }
    }

    private static final Pattern CLAIM = Pattern.compile("[{ ,](aud|azp|iss|exp|iat|nonce)=");

    private final SsoSettings settings;
    private final Users users;
    private final Roles roles;
    private final AccessPolicies access;
    private final AuditLog audit;
    private final SystemPermissionGuard guard;
    private final Passwords passwords;

    SsoSignIn(
            SsoSettings settings,
            Users users,
            Roles roles,
            AccessPolicies access,
            AuditLog audit,
            SystemPermissionGuard guard,
            Passwords passwords) {
        this.passwords = passwords;
        this.guard = guard;
        this.settings = settings;
        this.users = users;
        this.roles = roles;
        this.access = access;
        this.audit = audit;
    }

    /** The person the provider of this workspace vouched for, signed in (and created, if the workspace asks). */
    @Transactional
    CurrentUser admit(UUID ws, OidcUser person) {
        // The claims as the token carries them: an e-mail is a text and email_verified the boolean
        // true, nothing that converts to them ("true", 1, a list), and an unreadable e-mail is
        // neither trusted nor written to the audit log.
        JsonNode claims = IdTokenClaims.asSent(person.getIdToken());
        String email = claims.path("email").isString()
                        && claims.path("email").asString().indexOf('@') > 0
                        && claims.path("email").asString().length() <= 254
                        && claims.path("email").asString().chars().noneMatch(Character::isISOControl)
                ? claims.path("email").asString()
                : null;
        if (email == null
                || !claims.path("email_verified").isBoolean()
                || !claims.path("email_verified").asBoolean()) {
            throw new Refused(Reason.EMAIL_UNVERIFIED, email);
        }
        SsoSettings.Stored sso = settings.of(ws).orElseThrow(() -> new Refused(Reason.PROVIDER, email));
        if (!sso.domains().contains(domainOf(email))) {
            throw new Refused(Reason.DOMAIN_NOT_MAPPED, email);
        }
        Optional<Users.Credentials> account = users.credentials(ws, email);
        UUID id;
        if (account.isPresent()) {
            if (!account.get().active()) {
                throw new Refused(Reason.DEACTIVATED, email);
            }
            id = account.get().id();
        } else {
            id = created(ws, sso, email, nameOf(person, email));
        }
        Users.User user = users.find(ws, id).orElseThrow();
        users.signedIn(ws, id);
        audit.record(
                ws,
                new AuditLog.Actor(id, user.name()),
                "user.sso.signed_in",
                "user",
                id,
                null,
                Map.of("issuer", sso.issuer()));
        return new CurrentUser(ws, id, user.email(), user.name(), false);
    }

    /** Someone new of a mapped domain, when the workspace creates people at sign-in: its default role only. */
    private UUID created(UUID ws, SsoSettings.Stored sso, String email, String name) {
        // Nobody vouches for a system permission here: neither the default role nor a role given
        // to everyone (which reaches the new person too) may give one.
        boolean roleFit = sso.createUsers()
                && sso.defaultRoleId() != null
                && roles.find(ws, sso.defaultRoleId())
                        .filter(r -> r.role().system().isEmpty())
                        .isPresent()
                && guard.givenToEveryone(ws).isEmpty();
        if (!roleFit) {
            throw new Refused(Reason.NO_ACCOUNT, email);
        }
        UUID id = UUID.randomUUID();
        if (!users.create(ws, id, email, name, passwords.unusable())) {
            // Created by a sign-in racing this one: this one is refused, the next finds the account.
            throw new Refused(Reason.NO_ACCOUNT, email);
        }
        UUID assignment = roles.assignPersonally(ws, sso.defaultRoleId(), id);
        access.changed(ws);
        AuditLog.Actor actor = new AuditLog.Actor(id, name);
        audit.record(
                ws, actor, "user.created", "user", id, null, Map.of("email", Users.normalise(email), "name", name));
        audit.record(
                ws,
                actor,
                "role_assignment.created",
                "role_assignment",
                assignment,
                null,
                Map.of("roleId", sso.defaultRoleId(), "userId", id));
        return id;
    }

    /** Audits a refusal (its class, and the e-mail the provider named, if it got that far). */
    @Transactional
    void refused(UUID ws, Reason reason, String email) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("reason", reason.key());
        if (email != null) {
            what.put("email", email.length() > 254 ? email.substring(0, 254) : email);
        }
        Tenancy.in(
                ws,
                () -> audit.record(
                        ws,
                        new AuditLog.Actor(null, "single sign-on"),
                        "user.sso.refused",
                        "workspace",
                        ws,
                        null,
                        what));
    }

    static String domainOf(String email) {
        return email.substring(email.lastIndexOf('@') + 1).strip().toLowerCase(Locale.ROOT);
    }

    private static String nameOf(OidcUser person, String email) {
        String name = person.getClaims().get("name") instanceof String text ? text : null;
        if (name == null
                || name.isBlank()
                || name.length() > 200
                || name.chars().anyMatch(Character::isISOControl)) {
            return email.substring(0, email.indexOf('@'));
        }
        return name.strip();
    }

    /** The class of a refusal by Spring Security's OAuth 2.0 client, or by us. */
    static Reason reasonOf(AuthenticationException e) {
        if (e instanceof Refused refused) {
            return refused.reason;
        }
        if (!(e instanceof OAuth2AuthenticationException oauth)) {
            return Reason.PROVIDER;
        }
        String code = oauth.getError().getErrorCode();
        return switch (code) {
            case "authorization_request_not_found", "invalid_state_parameter" -> Reason.STATE;
            case "invalid_nonce" -> Reason.NONCE;
            case "invalid_id_token" -> idTokenReason(oauth);
            default -> Reason.PROVIDER;
        };
    }

    /**
     * What was wrong with an ID token, from what the decoder and the validators said of it (their
     * messages, and each failed validation's description): expired, a claim that does not fit, a
     * signature no published key verifies, keys that could not be fetched, or anything else.
     */
    private static Reason idTokenReason(OAuth2AuthenticationException e) {
        StringBuilder said = new StringBuilder(String.valueOf(e.getError().getDescription()));
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            said.append(' ').append(t.getMessage());
            if (t instanceof JwtValidationException invalid) {
                invalid.getErrors().forEach(error -> said.append(' ').append(error.getDescription()));
            }
        }
        String text = said.toString();
        if (text.contains("Jwt expired at")) {
            return Reason.EXPIRED;
        }
        var claims = CLAIM.matcher(text);
        while (claims.find()) {
            switch (claims.group(1)) {
                case "aud", "azp" -> {
                    return Reason.AUDIENCE;
                }
                case "iss" -> {
                    return Reason.ISSUER;
                }
                case "exp" -> {
                    return Reason.EXPIRED;
                }
                default -> {}
            }
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("signature") || lower.contains("no matching key")) {
            return Reason.SIGNATURE;
        }
        return lower.contains("retrieve") ? Reason.PROVIDER : Reason.ID_TOKEN;
    }
}
