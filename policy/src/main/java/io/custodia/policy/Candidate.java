package io.custodia.policy;

import io.custodia.policy.Ids.RoleId;

/** One role's say on one (entity, stage, action): its grant, how specific it is, and how it reached the user. */
public record Candidate(RoleId roleId, String roleName, Source source, Specificity specificity, Grant grant) {

    public CandidateClass candidateClass() {
        return CandidateClass.of(specificity, source);
    }
}
