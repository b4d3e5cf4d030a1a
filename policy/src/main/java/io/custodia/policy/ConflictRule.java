package io.custodia.policy;

/** How a workspace resolves a user's candidates from several roles (access-model section 4). */
public enum ConflictRule {
    /** Detailed beats inherited, then personal beats group, then the maximum (Bitrix24). */
    PRECEDENCE,
    /** The union of every candidate (Salesforce, EspoCRM). */
    MOST_PERMISSIVE
}
