package io.custodia.policy;

import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The conversations one user may see (optionally within one inbox tab), as branches: a conversation
 * is admitted when any branch admits it. The server turns each branch into one index-ordered query,
 * so this is the only form in which the visibility rule reaches SQL.
 */
public record ConversationScope(UserId viewer, List<Branch> branches) {
    public ConversationScope {
        Objects.requireNonNull(viewer, "viewer");
        branches = List.copyOf(simplified(branches));
    }

    /**
     * The same union in fewer branches, so that SQL reads each conversation through one index walk:
     * branches that differ only in their teams become one, and a branch inside another goes.
     */
    private static List<Branch> simplified(List<Branch> branches) {
        List<Branch> merged = new ArrayList<>();
        for (Branch b : branches) {
            int same = -1;
            for (int i = 0; i < merged.size(); i++) {
                if (merged.get(i).state == b.state && merged.get(i).attendant == b.attendant) {
                    same = i;
                }
            }
            if (same < 0) {
                merged.add(b);
            } else {
                Branch other = merged.get(same);
                Set<TeamId> teams = null;
                if (other.teams != null && b.teams != null) {
                    teams = new LinkedHashSet<>(other.teams);
                    teams.addAll(b.teams);
                }
                merged.set(same, new Branch(teams, b.state, b.attendant));
            }
        }
        List<Branch> kept = new ArrayList<>();
        for (int i = 0; i < merged.size(); i++) {
            boolean inside = false;
            for (int j = 0; j < merged.size() && !inside; j++) {
                inside = j != i
                        && merged.get(i).within(merged.get(j))
                        && (!merged.get(j).within(merged.get(i)) || j < i);
            }
            if (!inside) {
                kept.add(merged.get(i));
            }
        }
        return kept;
    }

    /** Who attends a conversation, relative to the viewer. */
    public enum Attendant {
        ANY,
        NONE,
        ME,
        SOMEONE_ELSE;

        boolean admits(UserId attendant, UserId viewer) {
            return switch (this) {
                case ANY -> true;
                case NONE -> attendant == null;
                case ME -> viewer.equals(attendant);
                case SOMEONE_ELSE -> attendant != null && !viewer.equals(attendant);
            };
        }

        /** Both constraints at once, or empty when no attendant satisfies both. */
        Optional<Attendant> and(Attendant other) {
            if (this == ANY || this == other) {
                return Optional.of(other);
            }
            if (other == ANY) {
                return Optional.of(this);
            }
            return Optional.empty();
        }
    }

    /**
     * Conversations of these teams ({@code null}: any team), in this state ({@code null}: any), with
     * this attendant.
     */
    public record Branch(Set<TeamId> teams, ConversationState state, Attendant attendant) {
        public Branch {
            teams = teams == null ? null : Set.copyOf(new LinkedHashSet<>(teams));
            Objects.requireNonNull(attendant, "attendant");
        }

        public boolean admits(ConversationFacts c, UserId viewer) {
            return (teams == null || teams.contains(c.team()))
                    && (state == null || state == c.state())
                    && attendant.admits(c.attendant(), viewer);
        }

        /** Whether every conversation this branch admits, {@code other} admits too. */
        boolean within(Branch other) {
            return (other.teams == null || (teams != null && other.teams.containsAll(teams)))
                    && (other.state == null || other.state == state)
                    && (other.attendant == Attendant.ANY || other.attendant == attendant);
        }

        /** The conversations both branches admit, or empty when there are none. */
        Optional<Branch> and(Branch other) {
            Set<TeamId> bothTeams;
            if (teams == null || other.teams == null) {
                bothTeams = teams == null ? other.teams : teams;
            } else {
                bothTeams = new LinkedHashSet<>(teams);
                bothTeams.retainAll(other.teams);
            }
            if (bothTeams != null && bothTeams.isEmpty()) {
                return Optional.empty();
            }
            if (state != null && other.state != null && state != other.state) {
                return Optional.empty();
            }
            ConversationState bothStates = state == null ? other.state : state;
            return attendant.and(other.attendant).map(a -> new Branch(bothTeams, bothStates, a));
        }
    }

    public boolean admits(ConversationFacts c) {
        for (Branch b : branches) {
            if (b.admits(c, viewer)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return branches.isEmpty();
    }

    /** This scope narrowed to what {@code constraint} also admits. */
    ConversationScope and(Branch constraint) {
        List<Branch> narrowed = new ArrayList<>();
        for (Branch b : branches) {
            b.and(constraint).ifPresent(narrowed::add);
        }
        return new ConversationScope(viewer, narrowed);
    }
}
