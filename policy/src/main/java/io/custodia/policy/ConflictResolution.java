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
            return new Resolution(candidates, List.of(), Phrase.of("why.none"));
        }
        return switch (rule) {
            // Salesforce/EspoCRM: every candidate counts, the union wins.
            case MOST_PERMISSIVE -> new Resolution(candidates, candidates, Phrase.of("why.mostPermissive"));
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

    private static Phrase whyPrecedence(CandidateClass best, List<Candidate> candidates) {
        boolean beatsOthers = candidates.stream().anyMatch(c -> c.candidateClass() != best);
        if (!beatsOthers) {
            return Phrase.typed("why.sameClass", "class", best.name());
        }
        return switch (best) {
            case DETAILED_PERSONAL -> Phrase.typed("why.detailedPersonal", "class", best.name());
            case DETAILED_GROUP -> Phrase.typed("why.detailedGroup", "class", best.name());
            case INHERITED_PERSONAL -> Phrase.of("why.inheritedPersonal");
            case INHERITED_GROUP -> Phrase.of("why.inheritedGroup");
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
