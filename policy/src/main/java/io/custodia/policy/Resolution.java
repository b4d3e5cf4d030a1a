package io.custodia.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of resolving a user's candidates for one (entity, stage, action): every candidate,
 * which ones won and why, and the effective grants (their union; empty means no access).
 */
public final class Resolution {
    private final List<Candidate> candidates;
    private final List<Candidate> winners;
    private final String why;
    private final List<Grant> effective;
    private final Level unconditional;
    private final Grant[] conditional;

    Resolution(List<Candidate> candidates, List<Candidate> winners, String why) {
        this.candidates = List.copyOf(candidates);
        this.winners = List.copyOf(winners);
        this.why = why;
        Level max = Level.NONE;
        for (Candidate c : winners) {
            if (!c.grant().isConditional()) {
                max = Level.max(max, c.grant().level());
            }
        }
        this.unconditional = max;
        List<Grant> narrower = new ArrayList<>();
        for (Candidate c : winners) {
            Grant g = c.grant();
            // A conditional grant adds something only where its level reaches beyond the best plain one.
            if (g.isConditional() && g.level().compareTo(max) > 0 && !narrower.contains(g)) {
                narrower.add(g);
            }
        }
        this.conditional = narrower.toArray(new Grant[0]);
        List<Grant> union = new ArrayList<>();
        if (max != Level.NONE) {
            union.add(Grant.of(max));
        }
        union.addAll(narrower);
        this.effective = List.copyOf(union);
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    /** The candidates whose grants make up the effective grant. */
    public List<Candidate> winners() {
        return winners;
    }

    /** Why these candidates won, in a sentence. */
    public String why() {
        return why;
    }

    /** The effective union of grants; empty means no access. */
    public List<Grant> effective() {
        return effective;
    }

    /** The best level granted without a condition ({@link Level#NONE} if none). */
    public Level unconditionalLevel() {
        return unconditional;
    }

    Grant[] conditionalGrants() {
        return conditional;
    }

    public boolean grantsNothing() {
        return effective.isEmpty();
    }

    /** The winning class under PRECEDENCE, or null under MOST_PERMISSIVE or with no candidate. */
    public CandidateClass winningClass() {
        if (winners.isEmpty()) {
            return null;
        }
        CandidateClass first = winners.get(0).candidateClass();
        for (Candidate c : winners) {
            if (c.candidateClass() != first) {
                return null;
            }
        }
        return first;
    }

    /** Whether the effective grants are the same as another resolution's (used to group stages). */
    public boolean sameGrantsAs(Resolution other) {
        return effective.equals(other.effective);
    }
}
