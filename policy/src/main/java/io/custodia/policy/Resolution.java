package io.custodia.policy;

import java.util.List;

/**
 * The outcome of resolving a user's candidates for one (entity, stage, action): every candidate,
 * which ones won and why, and the effective grants (their union; empty means no access).
 */
public final class Resolution {
    private final List<Candidate> candidates;
    private final List<Candidate> winners;
    private final Phrase why;
    private final Effective effective;

    Resolution(List<Candidate> candidates, List<Candidate> winners, Phrase why) {
        this.candidates = List.copyOf(candidates);
        this.winners = List.copyOf(winners);
        this.why = why;
        this.effective = Effective.of(this.winners);
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
        return why.english();
    }

    /** Why these candidates won, to be told in the reader's language. */
    public Phrase whyPhrase() {
        return why;
    }

    /** The effective union of grants; empty means no access. */
    public List<Grant> effective() {
        return effective.grants();
    }

    /** The effective grant as deciding uses it. */
    public Effective toEffective() {
        return effective;
    }

    /** The best level granted without a condition ({@link Level#NONE} if none). */
    public Level unconditionalLevel() {
        return effective.unconditionalLevel();
    }

    public boolean grantsNothing() {
        return effective.grantsNothing();
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
}
