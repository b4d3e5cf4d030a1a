package io.custodia.policy;

import java.util.List;

/**
 * Allowed or denied, always with the reasons. The reasons are formatted only when asked for, so
 * that a decision on the hot path costs a lookup and a membership test, not string building.
 */
public final class Decision {
    private final boolean allowed;
    private final CompiledAccess access;
    private final Action action;
    private final Grant admittedBy;
    private final ShareLevel sharedAt;
    private final SharingRule ruled;
    private final ListAccess listed;
    private final RecordFacts record;

    Decision(
            boolean allowed,
            CompiledAccess access,
            Action action,
            Grant admittedBy,
            Shared shared,
            ListAccess listed,
            RecordFacts record) {
        this.listed = listed;
        this.allowed = allowed;
        this.access = access;
        this.action = action;
        this.admittedBy = admittedBy;
        this.sharedAt = shared.share();
        this.ruled = shared.rule();
        this.record = record;
    }

    /** What admitted the record when no role did: a share of it, or else a sharing rule (either may be null). */
    record Shared(ShareLevel share, SharingRule rule) {}

    /** The level of the record share that admitted the record, or null when a role did (or nothing). */
    public ShareLevel sharedAt() {
        return sharedAt;
    }

    /** The sharing rule that admitted the record, or null when a role or a share did (or nothing). */
    public SharingRule sharedByRule() {
        return ruled;
    }

    public boolean allowed() {
        return allowed;
    }

    /** The resolution behind the decision, with every candidate (computed on demand). */
    public Resolution resolution() {
        return access.resolution(record.entity(), record.stage(), action);
    }

    /** Human-readable reasons, in order. */
    public List<String> reasons() {
        Resolution resolution = resolution();
        String what = action.key() + " on " + record.entity().key() + " " + record.id();
        if (allowed && listed != null) {
            ListEntry entry = listed.admitting(action);
            return List.of(
                    what + " is allowed by the shared list " + entry.listName() + " at " + entry.member(),
                    resolution.why());
        }
        if (allowed && ruled != null) {
            return List.of(
                    what + " is allowed: shared with " + (ruled.audience() == null ? "you" : ruled.audience())
                            + " by the rule " + ruled.name() + " at " + ruled.level(),
                    resolution.why());
        }
        if (allowed && sharedAt != null) {
            return List.of(what + " is allowed by a share of the record at " + sharedAt, resolution.why());
        }
        if (allowed) {
            return List.of(what + " is allowed by the role grant " + admittedBy, resolution.why());
        }
        if (!record.entity().parents().isEmpty()
                && (record.parent() == null || !access.allows(Action.READ, record.parent()))) {
            return List.of(what + " is denied: the record it belongs to is not readable by you", resolution.why());
        }
        if (resolution.grantsNothing()) {
            return List.of(what + " is denied: the effective grant is no access", resolution.why());
        }
        return List.of(
                what + " is denied: none of the effective grants " + resolution.effective() + " admits it (owner "
                        + record.owner() + ")",
                resolution.why());
    }

    @Override
    public String toString() {
        return (allowed ? "ALLOW " : "DENY ") + reasons();
    }
}
