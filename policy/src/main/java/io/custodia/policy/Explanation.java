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
        EntityType entity,
        StageId stage,
        Action action,
        List<Candidate> candidates,
        CandidateClass winningClass,
        String why,
        List<Grant> effective,
        List<PathResult> paths) {

    /**
     * One way to the record (a role grant, a record share, a sharing rule or a shared list) and its outcome: null
     * where it depends on something hidden from whoever asks and the decision does not settle it.
     */
    public record PathResult(
            String path, Grant grant, Boolean admits, String detail, List<ComparisonResult> condition) {}

    /**
     * One comparison of a condition with the record's actual value (null when the record has none,
     * or when the field is hidden from whoever asks: then whether it holds is null too).
     */
    public record ComparisonResult(String field, String op, List<Value> expected, Value actual, Boolean holds) {}

    /** A conversation's explanation: no roles take part, only the visibility rules (access-model section 6). */
    static Explanation ofConversation(boolean allowed, String summary, List<PathResult> paths) {
        return new Explanation(allowed, summary, null, null, Action.READ, List.of(), null, summary, List.of(), paths);
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
            String what = action.key() + " on " + entity.key() + (stage == null ? "" : " in stage " + stage);
            boolean allowed = !r.grantsNothing();
            String summary =
                    allowed ? "may " + what + " with " + describe(r.effective()) : "may not " + what + ": " + r.why();
            return new Explanation(
                    allowed,
                    summary,
                    entity,
                    stage,
                    action,
                    r.candidates(),
                    r.winningClass(),
                    r.why(),
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
                            ? "it belongs to no record you could read"
                            : "it belongs to a " + parent.entity().key() + " you "
                                    + (parentReadable
                                            ? "may read"
                                            : "may not read: no path below admits it while that is so")));
        }
        if (r.grantsNothing()) {
            steps.add(Step.known("role", false, "the effective role grant is no access"));
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
                    "the record is shared with you at " + share
                            + (admits ? ", which allows " : ", which does not allow ") + action.key()));
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
        String subject = action.key() + " on " + entity.key() + " " + record.id()
                + (record.stage() == null ? "" : " in its stage");
        String summary = allowed
                ? "allowed: " + subject + " is admitted by "
                        + ways.stream()
                                .filter(s -> Boolean.TRUE.equals(s.told))
                                .findFirst()
                                .map(s -> switch (s.path) {
                                    case "role" -> "the role grant";
                                    case "share" -> "a share";
                                    case "rule" -> s.rule;
                                    default -> "a shared list";
                                })
                                .orElse("one of the paths below (which one depends on what is hidden from you)")
                : "denied: no path admits " + subject;
        return new Explanation(
                allowed,
                summary,
                entity,
                stage,
                action,
                r.candidates(),
                r.winningClass(),
                r.why(),
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
        String detail;
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

        static Step known(String path, boolean admits, String detail) {
            Step step = new Step(path, admits, admits);
            step.detail = detail;
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
            String named = "the rule " + rule.name();
            String shares = named + " shares " + rule.entity().key() + " records with "
                    + (rule.audience() == null ? "you" : rule.audience()) + " at " + rule.level();
            if (!rule.level().admits(action) || !parentReadable) {
                Step step = known("rule", false, shares + ", which does not allow " + action.key() + " here");
                step.rule = named;
                return step;
            }
            boolean covers = rule.covers(record, access.organization());
            List<ComparisonResult> trace = new ArrayList<>();
            Boolean told = rule.from() instanceof SharingRule.FromCondition c
                    ? Told.trace(c.condition(), record, hidden, trace)
                    : hidden.contains("ownerId") ? null : covers;
            Step step = new Step("rule", covers, told);
            step.rule = named;
            step.trace = trace;
            step.detail = shares
                    + (told == null
                            ? ": whether it covers this record depends on what is hidden from you"
                            : told ? ": it covers this record" : ": it does not cover this record");
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
                return new PathResult(path, null, told, detail, trace);
            }
            String level = ownerHidden
                    ? "level " + grant.level()
                            + (reaches == null
                                    ? ": whether it reaches this record depends on its owner, who is hidden from you"
                                    : reaches ? ": it reaches this record" : ": it does not reach this record")
                    : levelDetail(access, grant.level(), record, reaches);
            String text = grant.condition() == null
                    ? level
                    : level + "; condition " + grant.condition()
                            + (holds == null
                                    ? ": whether it holds depends on fields hidden from you"
                                    : holds ? " holds" : " does not hold");
            return new PathResult(path, grant, told, text, trace);
        }
    }

    /**
     * One list's part: the member's level and, where the entry lends less than that level would
     * give, what its adder held. A list whose name is not given (the asker is not on it) is named as such.
     */
    private static String listDetail(ListEntry entry, Action action, boolean admits) {
        String list = entry.listName() == null
                ? "a shared list whose name is not shown (whoever asks is not on it)"
                : "the shared list " + entry.listName();
        String lent = entry.member().admits(action) && !entry.lends().admits(action)
                ? ", but whoever added the contact could give only " + entry.lends()
                : "";
        // The end is told only with the list's name, to whoever is on the list too.
        String until = entry.listName() == null || entry.until() == null ? "" : " until " + entry.until();
        return "the contact is on " + list + " where you are " + entry.member() + lent
                + (admits ? ", which allows " : ", which does not allow ") + action.key() + until;
    }

    private static String levelDetail(CompiledAccess access, Level level, RecordFacts record, boolean reaches) {
        boolean own = record.owner().equals(access.user());
        return switch (level) {
            case NONE -> "level NONE admits nothing";
            case OWN -> own ? "level OWN: you own it" : "level OWN: someone else owns it";
            case DEPARTMENT ->
                own
                        ? "level DEPARTMENT: you own it"
                        : reaches
                                ? "level DEPARTMENT: its owner is a member of one of your departments"
                                : "level DEPARTMENT: its owner is in none of your departments";
            case SUBDEPARTMENTS ->
                own
                        ? "level SUBDEPARTMENTS: you own it"
                        : reaches
                                ? "level SUBDEPARTMENTS: its owner is a member of your departments or one below them"
                                : "level SUBDEPARTMENTS: its owner is in none of your departments nor below them";
            case ALL -> "level ALL: every record of the workspace";
        };
    }

    private static String describe(List<Grant> grants) {
        return grants.size() == 1 ? grants.get(0).toString() : "any of " + grants;
    }
}
