package io.custodia.directory;

import io.custodia.policy.SystemPermission;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Whose sign-ins need a second factor in a workspace: nobody's unless they turned one on, the
 * administrators' (whoever holds a permission that changes who may do what), or everyone's.
 */
public enum TwoFactorPolicy {
    OPTIONAL,
    ADMINISTRATORS,
    EVERYONE;

    /** Holding any of these makes one an administrator for the policy: they change who may do what. */
    static final Set<SystemPermission> ADMINISTRATION = EnumSet.of(
            SystemPermission.WORKSPACE_MANAGE,
            SystemPermission.USERS_MANAGE,
            SystemPermission.ROLES_MANAGE,
            SystemPermission.INTEGRATIONS_MANAGE);

    /** Whether the policy requires a second factor of someone who holds what {@code holds} says. */
    boolean covers(Predicate<SystemPermission> holds) {
        return switch (this) {
            case OPTIONAL -> false;
            case EVERYONE -> true;
            case ADMINISTRATORS -> ADMINISTRATION.stream().anyMatch(holds);
        };
    }

    /**
     * Whether a sign-in may only enrol a second factor: its person has none and the policy requires
     * one of them (as {@code holds} says their permissions stand now). The one place of that rule,
     * for a sign-in, a live token and an administrator's list of sessions.
     */
    boolean limits(boolean hasSecondFactor, Predicate<SystemPermission> holds) {
        return !hasSecondFactor && covers(holds);
    }

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TwoFactorPolicy ofColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
