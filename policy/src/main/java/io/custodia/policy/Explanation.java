package io.custodia.policy;

import io.custodia.policy.Ids.StageId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Why a user may or may not do something: every candidate (role, source, specificity, grant), the
 * winning class and why it won, the effective grants, and for a record each path's result with
 * the condition's actual values.
 */
public record Explanation(
        boolean allowed,
        String summary,
        List<Phrase> summaryText,
        EntityType entity,
        StageId stage,
        Action action,
        List<Candidate> candidates,
        CandidateClass winningClass,
        String why,
        Phrase whyText,
        List<Grant> effective,
        List<PathResult> paths) {

    /**
     * One way to the record (a role grant, a record share, a sharing rule or a shared list) and its outcome: null
     * where it depends on something hidden from whoever asks and the decision does not settle it.
     * {@code detail} is {@code text} in the engine's English.
     */
    public record PathResult(
            String path,
            Grant grant,
            Boolean admits,
            String detail,
            List<Phrase> text,
            List<ComparisonResult> condition) {

        PathResult(String path, Grant grant, Boolean admits, List<Phrase> text, List<ComparisonResult> condition) {
            this(path, grant, admits, Phrase.english(text), text, condition);
        }

        /** The same path with more said at its end (a share's end, which the server knows). */
        public PathResult followedBy(Phrase more) {
            List<Phrase> longer = new ArrayList<>(text);
            longer.add(more);
            return new PathResult(path, grant, admits, longer, condition);
        }
    }

    /**
     * One comparison of a condition with the record's actual value (null when the record has none,
     * or when the field is hidden from whoever asks: then whether it holds is null too).
     */
    public record ComparisonResult(String field, String op, List<Value> expected, Value actual, Boolean holds) {}

    /** A conversation's explanation: no roles take part, only the visibility rules (access-model section 6). */
    static Explanation ofConversation(boolean allowed, List<Phrase> summary, List<PathResult> paths) {
        String english = Phrase.english(summary);
        return new Explanation(
                allowed, english, summary, null, null, Action.READ, List.of(), null, english, null, List.of(), paths);
    }

    /**
     * The trace for (entity, stage, action) and, if given, one record, as told to an asker from whom
     * the given fields of the record are hidden (see {@link CompiledAccess#explain}).
     */
    static Explanation of(
            CompiledAccess access,
            EntityType entity,
            StageId stage,
            Action action,
            RecordFacts record,
            Set<String> hidden) {
        Resolution r = access.resolution(entity, stage, action);
        if (record == null) {
            boolean allowed = !r.grantsNothing();
            List<Phrase> summary = new ArrayList<>();
            summary.add(Phrase.typed(
                    allowed ? "entity.may" : "entity.mayNot", "action", action.key(), "entity", entity.key()));
            if (stage != null) {
                summary.add(Phrase.of("entity.inStage", stage.toString()));
            }
            if (allowed) {
                summary.add(Phrase.of("entity.with", describe(r.effective())));
            } else {
                summary.add(Phrase.of("entity.because"));
                summary.add(r.whyPhrase());
            }
            return new Explanation(
                    allowed,
                    Phrase.english(summary),
                    summary,
                    entity,
                    stage,
                    action,
                    r.candidates(),
                    r.winningClass(),
                    r.why(),
                    r.whyPhrase(),
                    r.effective(),
                    List.of());
        }
        List<Step> steps = new ArrayList<>();
        boolean parentReadable = true;
        if (!record.entity().parents().isEmpty()) {
            RecordFacts parent = record.parent();
            parentReadable = parent != null && access.allows(Action.READ, parent);
            steps.add(Step.known(
                    "parent",
                    parentReadable,
                    parent == null
                            ? List.of(Phrase.of("parent.none"))
                            : List.of(Phrase.typed(
                                    parentReadable ? "parent.readable" : "parent.unreadable",
                                    "entity",
                                    parent.entity().key()))));
        }
        if (r.grantsNothing()) {
            steps.add(Step.known("role", false, List.of(Phrase.of("role.noAccess"))));
        }
        for (Grant g : r.effective()) {
            steps.add(Step.role(access, g, record, parentReadable, hidden));
        }
        ShareLevel share = record.shares().get(access.user());
        if (share != null) {
            boolean admits = share.admits(action) && parentReadable;
            steps.add(Step.known(
                    "share",
                    admits,
                    List.of(
                            Phrase.typed("share.at", "shareLevel", share.name()),
                            Phrase.typed(admits ? "allows" : "refuses", "action", action.key()))));
        }
        for (SharingRule rule : access.sharingRules()) {
            if (rule.entity() == record.entity()) {
                steps.add(Step.rule(access, rule, action, record, parentReadable, hidden));
            }
        }
        ListAccess listed = record.lists().get(access.user());
        if (listed != null) {
            for (ListEntry entry : listed.entries()) {
                boolean admits = entry.admits(action) && parentReadable;
                steps.add(Step.known("list", admits, listDetail(entry, action, admits)));
            }
        }
        List<Step> ways = steps.stream().filter(s -> !s.path.equals("parent")).toList();
        boolean allowed = ways.stream().anyMatch(s -> s.admits);
        settle(allowed, ways, parentReadable);
        // The record's stage is not named: it may be hidden from whoever asks.
        List<Phrase> summary = new ArrayList<>();
        summary.add(Phrase.typed(
                allowed ? "summary.allowed" : "summary.denied",
                "action",
                action.key(),
                "entity",
                entity.key(),
                "text",
                record.id()));
        if (record.stage() != null) {
            summary.add(Phrase.of("summary.inItsStage"));
        }
        if (allowed) {
            summary.add(ways.stream()
                    .filter(s -> Boolean.TRUE.equals(s.told))
                    .findFirst()
                    .map(s -> switch (s.path) {
                        case "role" -> Phrase.of("summary.byRole");
                        case "share" -> Phrase.of("summary.byShare");
                        case "rule" -> Phrase.of("summary.byRule", s.rule);
                        default -> Phrase.of("summary.byList");
                    })
                    .orElse(Phrase.of("summary.byHidden")));
        }
        return new Explanation(
                allowed,
                Phrase.english(summary),
                summary,
                entity,
                stage,
                action,
                r.candidates(),
                r.winningClass(),
                r.why(),
                r.whyPhrase(),
                r.effective(),
                steps.stream().map(s -> s.result(access, record)).toList());
    }

    /**
     * What the decision itself tells of the paths whose outcome is hidden: denied, none admits;
     * allowed with no path known to admit and one unknown, that one admits. A path settled so
     * settles its level or condition where the other of the two is known.
     */
    private static void settle(boolean allowed, List<Step> ways, boolean parentReadable) {
        List<Step> unknown = ways.stream().filter(s -> s.told == null).toList();
        if (!allowed) {
            unknown.forEach(s -> s.settle(false, parentReadable));
        } else if (unknown.size() == 1 && ways.stream().noneMatch(s -> Boolean.TRUE.equals(s.told))) {
            unknown.get(0).settle(true, parentReadable);
        }
    }

    /** One path while it is worked out: what is true, and what may be told (null: not told). */
    private static final class Step {
        final String path;
        final boolean admits;
        Boolean told;
        List<Phrase> text;
        Grant grant;
        Boolean reaches;
        Boolean holds;
        boolean ownerHidden;
        String rule;
        List<ComparisonResult> trace = List.of();

        private Step(String path, boolean admits, Boolean told) {
            this.path = path;
            this.admits = admits;
            this.told = told;
        }

        static Step known(String path, boolean admits, List<Phrase> text) {
            Step step = new Step(path, admits, admits);
            step.text = text;
            return step;
        }

        static Step role(
                CompiledAccess access, Grant g, RecordFacts record, boolean parentReadable, Set<String> hidden) {
            boolean reaches = access.reaches(g.level(), record.owner());
            boolean holds = g.condition() == null || g.condition().test(record::field);
            Step step = new Step("role", reaches && holds && parentReadable, null);
            step.grant = g;
            // Whom a level reaches is told only where the asker sees the owner (ALL and NONE need none).
            step.ownerHidden = hidden.contains("ownerId") && g.level() != Level.ALL && g.level() != Level.NONE;
            step.reaches = step.ownerHidden ? null : reaches;
            List<ComparisonResult> trace = new ArrayList<>();
            step.holds = g.condition() == null ? Boolean.TRUE : Told.trace(g.condition(), record, hidden, trace);
            step.trace = trace;
            step.told = Told.and(parentReadable, Told.and(step.reaches, step.holds));
            return step;
        }

        /**
         * A sharing rule reaching the user: whether it covers the record is told as far as the asker
         * sees what it depends on (the owner, or the fields its condition reads).
         */
        static Step rule(
                CompiledAccess access,
                SharingRule rule,
                Action action,
                RecordFacts record,
                boolean parentReadable,
                Set<String> hidden) {
            Phrase shares = rule.to() instanceof SharingRule.ToEveryone
                    ? Phrase.typed(
                            "rule.sharesWithEveryone",
                            "text",
                            rule.name(),
                            "entity",
                            rule.entity().key(),
                            "shareLevel",
                            rule.level().name())
                    : rule.audience() == null
                            ? Phrase.typed(
                                    "rule.sharesWithYou",
                                    "text",
                                    rule.name(),
                                    "entity",
                                    rule.entity().key(),
                                    "shareLevel",
                                    rule.level().name())
                            : Phrase.typed(
                                    "rule.shares",
                                    "text",
                                    rule.name(),
                                    "entity",
                                    rule.entity().key(),
                                    "text",
                                    rule.audience(),
                                    "shareLevel",
                                    rule.level().name());
            if (!rule.level().admits(action) || !parentReadable) {
                Step step = known("rule", false, List.of(shares, Phrase.typed("rule.notHere", "action", action.key())));
                step.rule = rule.name();
                return step;
            }
            boolean covers = rule.covers(record, access.organization());
            List<ComparisonResult> trace = new ArrayList<>();
            Boolean told = rule.from() instanceof SharingRule.FromCondition c
                    ? Told.trace(c.condition(), record, hidden, trace)
                    : hidden.contains("ownerId") ? null : covers;
            Step step = new Step("rule", covers, told);
            step.rule = rule.name();
            step.trace = trace;
            step.text = List.of(
                    shares, Phrase.of(told == null ? "rule.coverHidden" : told ? "rule.covers" : "rule.missesRecord"));
            return step;
        }

        void settle(boolean admitted, boolean parentReadable) {
            told = admitted;
            if (grant == null || !parentReadable) {
                return;
            }
            if (admitted) {
                reaches = true;
                holds = true;
            } else if (Boolean.TRUE.equals(reaches)) {
                holds = false;
            } else if (Boolean.TRUE.equals(holds)) {
                reaches = false;
            }
        }

        PathResult result(CompiledAccess access, RecordFacts record) {
            if (grant == null) {
                return new PathResult(path, null, told, text, trace);
            }
            List<Phrase> said = new ArrayList<>();
            String level = grant.level().name();
            said.add(
                    ownerHidden
                            ? Phrase.typed(
                                    reaches == null ? "level.ownerHidden" : reaches ? "level.reaches" : "level.misses",
                                    "level",
                                    level)
                            : levelDetail(access, grant.level(), record, reaches));
            if (grant.condition() != null) {
                said.add(Phrase.of(
                        holds == null ? "condition.hidden" : holds ? "condition.holds" : "condition.fails",
                        grant.condition().toString()));
            }
            return new PathResult(path, grant, told, said, trace);
        }
    }

    /**
     * One list's part: the member's level and, where the entry lends less than that level would
     * give, what its adder held. A list whose name is not given (the asker is not on it) is named as such.
     */
    private static List<Phrase> listDetail(ListEntry entry, Action action, boolean admits) {
        List<Phrase> said = new ArrayList<>();
        said.add(
                entry.listName() == null
                        ? Phrase.typed(
                                "list.unnamed", "listLevel", entry.member().name())
                        : Phrase.typed(
                                "list.named",
                                "text",
                                entry.listName(),
                                "listLevel",
                                entry.member().name()));
        if (entry.member().admits(action) && !entry.lends().admits(action)) {
            said.add(Phrase.typed("list.lent", "listLevel", entry.lends().name()));
        }
        said.add(Phrase.typed(admits ? "allows" : "refuses", "action", action.key()));
        // The end is told only with the list's name, to whoever is on the list too.
        if (entry.listName() != null && entry.until() != null) {
            said.add(Phrase.typed("until", "instant", entry.until().toString()));
        }
        return said;
    }

    private static Phrase levelDetail(CompiledAccess access, Level level, RecordFacts record, boolean reaches) {
        boolean own = record.owner().equals(access.user());
        return switch (level) {
            case NONE -> Phrase.of("level.none");
            case OWN -> own ? Phrase.typed("level.yours", "level", "OWN") : Phrase.of("level.own.other");
            case DEPARTMENT ->
                own
                        ? Phrase.typed("level.yours", "level", "DEPARTMENT")
                        : Phrase.of(reaches ? "level.department.reaches" : "level.department.misses");
            case SUBDEPARTMENTS ->
                own
                        ? Phrase.typed("level.yours", "level", "SUBDEPARTMENTS")
                        : Phrase.of(reaches ? "level.subdepartments.reaches" : "level.subdepartments.misses");
            case ALL -> Phrase.of("level.all");
        };
    }

    private static String describe(List<Grant> grants) {
        return grants.size() == 1 ? grants.get(0).toString() : "any of " + grants;
    }
}
