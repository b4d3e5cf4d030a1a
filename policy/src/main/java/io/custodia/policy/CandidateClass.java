package io.custodia.policy;

/** The precedence classes of access-model section 4, best first. */
public enum CandidateClass {
    DETAILED_PERSONAL,
    DETAILED_GROUP,
    INHERITED_PERSONAL,
    INHERITED_GROUP;

    public static CandidateClass of(Specificity specificity, Source source) {
        return switch (specificity) {
            case DETAILED -> source == Source.PERSONAL ? DETAILED_PERSONAL : DETAILED_GROUP;
            case INHERITED -> source == Source.PERSONAL ? INHERITED_PERSONAL : INHERITED_GROUP;
        };
    }
}
