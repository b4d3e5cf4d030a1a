package io.custodia.policy;

/** A team's setting for who sees its conversations (access-model section 6, seed 003). */
public enum TeamVisibility {
    /** Open ones to the attendant and the team; completed ones to every user of the workspace. */
    ALL,
    /** Open and completed ones to the attendant and the team. */
    TEAM,
    /** Open and completed ones to the attendant and the team's supervisors. */
    ATTENDANT
}
