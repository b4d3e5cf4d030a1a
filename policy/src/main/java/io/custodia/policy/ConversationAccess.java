package io.custodia.policy;

import io.custodia.policy.ConversationScope.Attendant;
import io.custodia.policy.ConversationScope.Branch;
import io.custodia.policy.Explanation.PathResult;
import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One user's access to conversations (access-model section 6, seed 003): who sees a conversation,
 * which inbox tab shows it, and who may handle, assign and open one. Every rule is a small named
 * function listed here; {@link #scope()} is the same visibility written as SQL-ready branches, and
 * the two are tested against each other on every case of the table.
 */
public final class ConversationAccess {
    private final UserId viewer;
    private final Organization org;
    private final boolean viewAll;

    ConversationAccess(UserId viewer, Organization org, boolean viewAll) {
        this.viewer = viewer;
        this.org = org;
        this.viewAll = viewAll;
    }

    /**
     * Allowed or not, with the reason in words: an English template whose {@code {0}}... stand for
     * the arguments (team ids), so that the server can write a refusal in the caller's language.
     */
    public record Verdict(boolean allowed, String template, List<String> args) {
        public Verdict {
            args = List.copyOf(args);
        }

        static Verdict allow(String template, Object... args) {
            return new Verdict(
                    true, template, Arrays.stream(args).map(String::valueOf).toList());
        }

        static Verdict deny(String template, Object... args) {
            return new Verdict(
                    false, template, Arrays.stream(args).map(String::valueOf).toList());
        }

        /** The reason in English. */
        public String reason() {
            return Violation.english(template, args);
        }
    }

    /** What one rule found: whether it admits the conversation, and why (or why not), as phrases. */
    private record Finding(boolean admits, Phrase text) {
        Finding(boolean admits, String code, Object... teamAndVisibility) {
            this(admits, phrase(code, teamAndVisibility));
        }

        String detail() {
            return text.english();
        }

        private static Phrase phrase(String code, Object... teamAndVisibility) {
            return teamAndVisibility.length == 0
                    ? Phrase.typed(code)
                    : teamAndVisibility.length == 1
                            ? Phrase.typed(code, "text", String.valueOf(teamAndVisibility[0]))
                            : Phrase.typed(
                                    code,
                                    "text",
                                    String.valueOf(teamAndVisibility[0]),
                                    "visibility",
                                    String.valueOf(teamAndVisibility[1]));
        }
    }

    private record Rule(String name, Function<ConversationFacts, Finding> check) {}

    /** The visibility rules, in the order an explanation lists them. */
    private List<Rule> seeingRules() {
        return List.of(
                new Rule("view-all", this::holdsViewAll),
                new Rule("attendant", this::attendsIt),
                new Rule("queue", this::waitsInTheQueueOfMyTeam),
                new Rule("supervisor", this::supervisesItsTeam),
                new Rule("team", this::isInATeamThatSeesItsConversations),
                new Rule("completed-for-all", this::isCompletedInATeamOpenToAll));
    }

    private Finding holdsViewAll(ConversationFacts c) {
        return viewAll ? new Finding(true, "conversation.viewAll") : new Finding(false, "conversation.notViewAll");
    }

    private Finding attendsIt(ConversationFacts c) {
        return viewer.equals(c.attendant())
                ? new Finding(true, "conversation.attendant")
                : new Finding(
                        false, c.attendant() == null ? "conversation.nobodyAttends" : "conversation.notAttendant");
    }

    private Finding waitsInTheQueueOfMyTeam(ConversationFacts c) {
        if (!c.queued()) {
            return new Finding(false, "conversation.notQueued");
        }
        return isMember(c.team())
                ? new Finding(true, "conversation.inMyQueue", c.team())
                : new Finding(false, "conversation.inOtherQueue", c.team());
    }

    private Finding supervisesItsTeam(ConversationFacts c) {
        return org.supervisorsOf(c.team()).contains(viewer)
                ? new Finding(true, "conversation.supervises", c.team())
                : new Finding(false, "conversation.notSupervisor", c.team());
    }

    private Finding isInATeamThatSeesItsConversations(ConversationFacts c) {
        TeamVisibility visibility = org.visibilityOf(c.team());
        if (visibility == TeamVisibility.ATTENDANT) {
            return new Finding(false, "conversation.attendantOnly", c.team(), visibility);
        }
        return isMember(c.team())
                ? new Finding(true, "conversation.teamSees", c.team(), visibility)
                : new Finding(false, "conversation.notMember", c.team());
    }

    private Finding isCompletedInATeamOpenToAll(ConversationFacts c) {
        if (org.visibilityOf(c.team()) != TeamVisibility.ALL) {
            return new Finding(false, "conversation.notOpenToAll", c.team(), org.visibilityOf(c.team()));
        }
        return c.state() == ConversationState.COMPLETED
                ? new Finding(true, "conversation.completedForAll", c.team(), TeamVisibility.ALL)
                : new Finding(false, "conversation.openNotForAll", c.team());
    }

    /** Whether the user sees the conversation, and which rule says so. */
    public Verdict see(ConversationFacts c) {
        List<String> whyNot = new ArrayList<>();
        for (Rule rule : seeingRules()) {
            Finding f = rule.check().apply(c);
            if (f.admits()) {
                return Verdict.allow(f.detail());
            }
            whyNot.add(f.detail());
        }
        // Never a refusal's words (a conversation one may not see is not found), only an explanation's.
        return new Verdict(false, "no rule lets the user see it: " + String.join("; ", whyNot), List.of());
    }

    /**
     * Every visibility rule with its finding, for "why can this user see that conversation?", as
     * phrases to say in the reader's language and in the engine's English (the same words as
     * {@link #see}'s reason).
     */
    public Explanation explain(ConversationFacts c) {
        List<PathResult> paths = new ArrayList<>();
        List<Phrase> whyNot = new ArrayList<>();
        Phrase admitting = null;
        for (Rule rule : seeingRules()) {
            Finding f = rule.check().apply(c);
            paths.add(new PathResult(rule.name(), null, f.admits(), List.of(f.text()), List.of()));
            if (f.admits() && admitting == null) {
                admitting = f.text();
            } else if (!f.admits()) {
                whyNot.add(f.text());
            }
        }
        List<Phrase> summary = new ArrayList<>();
        if (admitting != null) {
            summary.add(Phrase.typed("conversation.maySee"));
            summary.add(admitting);
        } else {
            summary.add(Phrase.typed("conversation.mayNotSee"));
            for (int i = 0; i < whyNot.size(); i++) {
                if (i > 0) {
                    summary.add(Phrase.typed("conversation.and"));
                }
                summary.add(whyNot.get(i));
            }
        }
        return Explanation.ofConversation(admitting != null, summary, paths);
    }

    /** The conversations the user sees, as branches for SQL. */
    public ConversationScope scope() {
        if (viewAll) {
            return new ConversationScope(viewer, List.of(new Branch(null, null, Attendant.ANY)));
        }
        Set<TeamId> whole = new LinkedHashSet<>();
        Set<TeamId> queueOnly = new LinkedHashSet<>();
        for (TeamId team : org.teamsOf(viewer)) {
            boolean seesAll =
                    org.supervisorsOf(team).contains(viewer) || org.visibilityOf(team) != TeamVisibility.ATTENDANT;
            (seesAll ? whole : queueOnly).add(team);
        }
        Set<TeamId> completedForAll = org.teamsWith(TeamVisibility.ALL);
        completedForAll.removeAll(whole);
        List<Branch> branches = new ArrayList<>();
        branches.add(new Branch(null, null, Attendant.ME));
        if (!whole.isEmpty()) {
            branches.add(new Branch(whole, null, Attendant.ANY));
        }
        if (!queueOnly.isEmpty()) {
            branches.add(new Branch(queueOnly, ConversationState.OPEN, Attendant.NONE));
        }
        if (!completedForAll.isEmpty()) {
            branches.add(new Branch(completedForAll, ConversationState.COMPLETED, Attendant.ANY));
        }
        return new ConversationScope(viewer, branches);
    }

    /** The conversations the tab shows the user: its constraint on top of {@link #scope()}. */
    public ConversationScope scope(InboxTab tab) {
        return scope().and(constraint(tab));
    }

    private Branch constraint(InboxTab tab) {
        return switch (tab) {
            case MINE -> new Branch(null, ConversationState.OPEN, Attendant.ME);
            case QUEUE -> new Branch(org.teamsOf(viewer), ConversationState.OPEN, Attendant.NONE);
            case OTHERS -> new Branch(null, ConversationState.OPEN, Attendant.SOMEONE_ELSE);
            case COMPLETED -> new Branch(null, ConversationState.COMPLETED, Attendant.ANY);
        };
    }

    /** The tab that shows the conversation to the user, if any shows it. */
    public Optional<InboxTab> tabOf(ConversationFacts c) {
        if (!see(c).allowed()) {
            return Optional.empty();
        }
        for (InboxTab tab : InboxTab.values()) {
            if (constraint(tab).admits(c, viewer)) {
                return Optional.of(tab);
            }
        }
        return Optional.empty();
    }

    /** Writing messages, completing and reopening: the attendant, the team's supervisors, view-all. */
    public Verdict handle(ConversationFacts c) {
        if (viewAll) {
            return Verdict.allow("holds conversations.view_all");
        }
        if (viewer.equals(c.attendant())) {
            return Verdict.allow("is the attendant");
        }
        if (org.supervisorsOf(c.team()).contains(viewer)) {
            return Verdict.allow("supervises team {0}", c.team());
        }
        return Verdict.deny("only the attendant, the team's supervisors and holders of conversations.view_all"
                + " handle a conversation");
    }

    /**
     * Giving the conversation to {@code to} (null: back to the queue). Supervisors and view-all assign
     * any; a member takes a queued one for themself; the attendant hands over or releases it.
     */
    public Verdict assign(ConversationFacts c, UserId to) {
        if (viewAll) {
            return Verdict.allow("holds conversations.view_all");
        }
        if (org.supervisorsOf(c.team()).contains(viewer)) {
            return Verdict.allow("supervises team {0}", c.team());
        }
        if (c.queued() && viewer.equals(to) && isMember(c.team())) {
            return Verdict.allow("takes it from the queue of team {0}", c.team());
        }
        if (viewer.equals(c.attendant())) {
            return Verdict.allow(to == null ? "releases it to the queue" : "hands it over as its attendant");
        }
        return Verdict.deny(
                c.queued()
                        ? "members take queued conversations only for themselves; assigning to others is for supervisors"
                        : "only its attendant, the team's supervisors and holders of conversations.view_all reassign it");
    }

    /** Opening a conversation in a team, attended by {@code attendant} (null: into the queue). */
    public Verdict open(TeamId team, UserId attendant) {
        if (viewAll) {
            return Verdict.allow("holds conversations.view_all");
        }
        if (org.supervisorsOf(team).contains(viewer)) {
            return Verdict.allow("supervises team {0}", team);
        }
        if (isMember(team) && (attendant == null || attendant.equals(viewer))) {
            return Verdict.allow("is a member of team {0}", team);
        }
        return Verdict.deny(
                isMember(team)
                        ? "members open conversations for themselves or the queue; assigning to others is for supervisors"
                        : "only members of team {0} and holders of conversations.view_all open its conversations",
                team);
    }

    /** Whether the user can attend the team's conversations: only its members can. */
    public boolean canAttend(TeamId team, UserId user) {
        return org.membersOf(team).contains(user);
    }

    private boolean isMember(TeamId team) {
        return org.membersOf(team).contains(viewer);
    }
}
