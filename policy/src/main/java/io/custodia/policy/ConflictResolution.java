package io.custodia.policy;

import java.util.ArrayList;
import java.util.List;

/** The conflict rule of access-model section 4, in one place. */
public final class ConflictResolution {
    private ConflictResolution() {}

    /**
     * Chooses the winning candidates. Every case ends in an explicit result: no candidate, or an
     * unknown rule, can only ever mean no access.
     */
    public static Resolution resolve(List<Candidate> candidates, ConflictRule rule) {
        if (candidates.isEmpty()) {
            // No role says anything about this: no access.
            return new Resolution(candidates, List.of(), "no assigned role sets this entry, so there is no access");
        }
        return switch (rule) {
            // Salesforce/EspoCRM: every candidate counts, the union wins.
            case MOST_PERMISSIVE ->
                new Resolution(candidates, candidates, "the conflict rule MOST_PERMISSIVE unites every candidate");
            // Bitrix24: the best class present wins (detailed before inherited, then personal
            // before group); within it, the union (the maximum level).
            case PRECEDENCE -> {
                CandidateClass best = null;
                for (Candidate c : candidates) {
                    if (best == null || c.candidateClass().compareTo(best) < 0) {
                        best = c.candidateClass();
                    }
                }
                List<Candidate> winners = new ArrayList<>();
                for (Candidate c : candidates) {
                    if (c.candidateClass() == best) {
                        winners.add(c);
                    }
                }
                yield new Resolution(candidates, winners, whyPrecedence(best, candidates));
            }
        };
    }

    private static String whyPrecedence(CandidateClass best, List<Candidate> candidates) {
        boolean beatsOthers = candidates.stream().anyMatch(c -> c.candidateClass() != best);
        String cls = describe(best);
        if (!beatsOthers) {
            return "every candidate is " + cls + "; their union applies";
        }
        return switch (best) {
            case DETAILED_PERSONAL ->
                "a " + cls + " entry beats every other: detailed beats inherited, personal beats group";
            case DETAILED_GROUP ->
                "a " + cls + " entry beats inherited ones: detailed beats inherited before personal beats group";
            case INHERITED_PERSONAL ->
                "no role sets this stage in detail; among inherited entries personal beats group";
            case INHERITED_GROUP -> "only inherited group entries exist; their union applies";
        };
    }

    static String describe(CandidateClass c) {
        return switch (c) {
            case DETAILED_PERSONAL -> "detailed personal";
            case DETAILED_GROUP -> "detailed group";
            case INHERITED_PERSONAL -> "inherited personal";
            case INHERITED_GROUP -> "inherited group";
        };
    }

    /** The field rule: like grants, classes by source (all field entries are detailed), then the most permissive. */
    public static FieldAccess resolveField(List<FieldCandidate> candidates, ConflictRule rule) {
        if (candidates.isEmpty()) {
            // A field no role mentions is editable wherever the record is.
            return FieldAccess.EDIT;
        }
        boolean anyPersonal = candidates.stream().anyMatch(c -> c.source() == Source.PERSONAL);
        FieldAccess result = FieldAccess.HIDDEN;
        for (FieldCandidate c : candidates) {
            boolean counts = switch (rule) {
                case MOST_PERMISSIVE -> true;
                case PRECEDENCE -> !anyPersonal || c.source() == Source.PERSONAL;
            };
            if (counts) {
                result = FieldAccess.max(result, c.access());
            }
        }
        return result;
    }

    /** One role's field entry. */
    public record FieldCandidate(Ids.RoleId roleId, String roleName, Source source, FieldAccess access) {}
}
