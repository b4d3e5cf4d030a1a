package io.custodia.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The effective grant of one (entity, stage, action), reduced to what deciding needs: the best
 * level granted without a condition, and the conditional grants that reach beyond it. Equal
 * values are shared between users, so compiled access stays small.
 */
public final class Effective {
    private static final Grant[] NO_GRANTS = new Grant[0];

    private final Level unconditional;
    private final Grant[] conditional;
    private final List<Grant> grants;

    private Effective(Level unconditional, Grant[] conditional, List<Grant> grants) {
        this.unconditional = unconditional;
        this.conditional = conditional;
        this.grants = grants;
    }

    /** The union of the winning candidates' grants (access-model section 4). */
    static Effective of(List<Candidate> winners) {
        Level max = Level.NONE;
        for (Candidate c : winners) {
            if (!c.grant().isConditional()) {
                max = Level.max(max, c.grant().level());
            }
        }
        List<Grant> narrower = new ArrayList<>();
        for (Candidate c : winners) {
            Grant g = c.grant();
            // A conditional grant adds something only where its level reaches beyond the best plain one.
            if (g.isConditional() && g.level().compareTo(max) > 0 && !narrower.contains(g)) {
                narrower.add(g);
            }
        }
        List<Grant> union = new ArrayList<>();
        if (max != Level.NONE) {
            union.add(Grant.of(max));
        }
        union.addAll(narrower);
        return new Effective(max, narrower.isEmpty() ? NO_GRANTS : narrower.toArray(NO_GRANTS), List.copyOf(union));
    }

    /** The best level granted without a condition ({@link Level#NONE} if none). */
    public Level unconditionalLevel() {
        return unconditional;
    }

    Grant[] conditionalGrants() {
        return conditional;
    }

    /** The grants, united; empty means no access. */
    public List<Grant> grants() {
        return grants;
    }

    public boolean grantsNothing() {
        return grants.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Effective e && e.grants.equals(grants);
    }

    @Override
    public int hashCode() {
        return grants.hashCode();
    }
}
