package io.custodia.access;

import io.custodia.platform.Meters;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.RecordFacts;
import org.springframework.stereotype.Component;

/**
 * The engine's decisions on one record, as the server takes them, counted: the meter
 * {@code custodia.access.decisions} by entity, action and outcome ({@code allow} or {@code deny}).
 * The engine itself ({@code policy/}) stays free of any library; this is where the server asks it.
 * Tags never hold ids, only the few entity and action names.
 */
@Component
public class AccessDecisions {
    private final Meters meters;

    AccessDecisions(Meters meters) {
        this.meters = meters;
    }

    /** Whether the access allows the action on the record, counted. */
    public boolean allows(CompiledAccess access, Action action, RecordFacts record) {
        return counted(record.entity(), action.key(), access.allows(action, record));
    }

    /** Whether the access allows changing the record from {@code before} to {@code after}, counted as an update. */
    public boolean mayChange(CompiledAccess access, RecordFacts before, RecordFacts after) {
        return counted(before.entity(), Action.UPDATE.key(), access.mayChange(before, after));
    }

    /** Whether the access lets its user share the record, counted as {@code share}. */
    public boolean mayShare(CompiledAccess access, RecordFacts record) {
        return counted(record.entity(), "share", access.mayShare(record));
    }

    private boolean counted(EntityType entity, String action, boolean allowed) {
        meters.counter(
                        "custodia.access.decisions",
                        "Decisions of the access engine on one record, by entity, action and outcome",
                        "entity",
                        entity.key(),
                        "action",
                        action,
                        "outcome",
                        allowed ? "allow" : "deny")
                .increment();
        return allowed;
    }
}
