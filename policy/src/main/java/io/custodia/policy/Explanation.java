package io.custodia.policy;

import io.custodia.policy.Ids.StageId;
import java.util.ArrayList;
import java.util.List;

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

    /** One way to the record (a role grant, a record share or a shared list) and its outcome. */
    public record PathResult(
            String path, Grant grant, boolean admits, String detail, List<ComparisonResult> condition) {}

    /** One comparison of a condition with the record's actual value (null when the record has none). */
    public record ComparisonResult(String field, String op, List<Value> expected, Value actual, boolean holds) {}

    /** A conversation's explanation: no roles take part, only the visibility rules (access-model section 6). */
    static Explanation ofConversation(boolean allowed, String summary, List<PathResult> paths) {
        return new Explanation(allowed, summary, null, null, Action.READ, List.of(), null, summary, List.of(), paths);
    }

    static Explanation of(CompiledAccess access, EntityType entity, StageId stage, Action action, RecordFacts record) {
        Resolution r = access.resolution(entity, stage, action);
        String what = action.key() + " on " + entity.key() + (stage == null ? "" : " in stage " + stage);
        if (record == null) {
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
        List<PathResult> paths = new ArrayList<>();
        boolean allowed = false;
        boolean parentReadable = true;
        if (!record.entity().parents().isEmpty()) {
            RecordFacts parent = record.parent();
            parentReadable = parent != null && access.allows(Action.READ, parent);
            paths.add(new PathResult(
                    "parent",
                    null,
                    parentReadable,
                    parent == null
                            ? "it belongs to no record you could read"
                            : "it belongs to a " + parent.entity().key() + " you "
                                    + (parentReadable
                                            ? "may read"
                                            : "may not read: no path below admits it while that is so"),
                    List.of()));
        }
        if (r.grantsNothing()) {
            paths.add(new PathResult("role", null, false, "the effective role grant is no access", List.of()));
        }
        for (Grant g : r.effective()) {
            boolean reaches = access.reaches(g.level(), record.owner());
            String levelDetail = levelDetail(access, g.level(), record, reaches);
            List<ComparisonResult> trace = new ArrayList<>();
            boolean holds = g.condition() == null || trace(g.condition(), record, trace);
            boolean admits = reaches && holds && parentReadable;
            allowed |= admits;
            String detail = g.condition() == null
                    ? levelDetail
                    : levelDetail + "; condition " + g.condition() + (holds ? " holds" : " does not hold");
            paths.add(new PathResult("role", g, admits, detail, trace));
        }
        ShareLevel share = record.shares().get(access.user());
        if (share != null) {
            boolean admits = share.admits(action) && parentReadable;
            allowed |= admits;
            paths.add(new PathResult(
                    "share",
                    null,
                    admits,
                    "the record is shared with you at " + share
                            + (admits ? ", which allows " : ", which does not allow ") + action.key(),
                    List.of()));
        }
        ListAccess listed = record.lists().get(access.user());
        if (listed != null) {
            for (ListEntry entry : listed.entries()) {
                boolean admits = entry.admits(action) && parentReadable;
                allowed |= admits;
                paths.add(new PathResult("list", null, admits, listDetail(entry, action, admits), List.of()));
            }
        }
        String subject = what + " " + record.id();
        String summary = allowed
                ? "allowed: " + subject + " is admitted by "
                        + paths.stream()
                                .filter(PathResult::admits)
                                .filter(p -> !p.path().equals("parent"))
                                .findFirst()
                                .map(p -> switch (p.path()) {
                                    case "role" -> "the role grant";
                                    case "share" -> "a share";
                                    default -> "a shared list";
                                })
                                .orElseThrow()
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
                paths);
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
        return "the contact is on " + list + " where you are " + entry.member() + lent
                + (admits ? ", which allows " : ", which does not allow ") + action.key();
    }

    private static boolean trace(Condition condition, RecordFacts record, List<ComparisonResult> out) {
        if (condition instanceof Condition.Comparison c) {
            Value actual = record.field(c.field());
            boolean holds = c.holdsFor(actual);
            out.add(new ComparisonResult(c.field(), c.op().key(), c.values(), actual, holds));
            return holds;
        }
        if (condition instanceof Condition.All all) {
            boolean result = true;
            for (Condition part : all.conditions()) {
                result &= trace(part, record, out);
            }
            return result;
        }
        Condition.Any any = (Condition.Any) condition;
        boolean result = false;
        for (Condition part : any.conditions()) {
            result |= trace(part, record, out);
        }
        return result;
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
