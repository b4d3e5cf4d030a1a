package io.custodia.policy;

import java.util.Objects;

/** A level, optionally narrowed by a condition on the record. */
public record Grant(Level level, Condition condition) {
    public Grant {
        Objects.requireNonNull(level, "level");
    }

    public static Grant of(Level level) {
        return new Grant(level, null);
    }

    public static Grant of(Level level, Condition condition) {
        return new Grant(level, condition);
    }

    public boolean isConditional() {
        return condition != null;
    }

    @Override
    public String toString() {
        return condition == null ? level.name() : level.name() + " where " + condition;
    }
}
