package io.custodia.directory;

import java.util.Locale;

/**
 * Whose sign-ins need a second factor in a workspace: nobody's unless they turned one on, the
 * administrators' (whoever holds a permission that changes who may do what), or everyone's.
 */
public enum TwoFactorPolicy {
    OPTIONAL,
    ADMINISTRATORS,
    EVERYONE;

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TwoFactorPolicy ofColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
