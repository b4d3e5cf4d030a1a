package io.custodia.policy;

import java.util.List;
import java.util.Set;

/**
 * What the asker of an explanation may be told: a truth value, or null where it depends on
 * something hidden from them (a field their roles or lists hide on the record). Conditions are
 * evaluated in three-valued (Kleene) logic: a comparison on a hidden field is unknown, {@code all}
 * is false as soon as one part is false, {@code any} true as soon as one part is true.
 */
final class Told {
    private Told() {}

    // INVARIANT: a value these methods tell (non-null) equals the true one, since unknown parts are
    // never taken as true or false; so a told value depends only on what the asker can see.

    static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : true;
    }

    static Boolean or(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return true;
        }
        return a == null || b == null ? null : false;
    }

    /**
     * The condition on the record as the asker may be told, each comparison added to {@code out}:
     * one on a field hidden from the asker with neither its actual value nor whether it holds.
     */
    static Boolean trace(
            Condition condition, RecordFacts record, Set<String> hidden, List<Explanation.ComparisonResult> out) {
        if (condition instanceof Condition.Comparison c) {
            if (hidden.contains(c.field())) {
                out.add(new Explanation.ComparisonResult(c.field(), c.op().key(), c.values(), null, null));
                return null;
            }
            Value actual = record.field(c.field());
            boolean holds = c.holdsFor(actual);
            out.add(new Explanation.ComparisonResult(c.field(), c.op().key(), c.values(), actual, holds));
            return holds;
        }
        if (condition instanceof Condition.All all) {
            Boolean result = true;
            for (Condition part : all.conditions()) {
                result = and(result, trace(part, record, hidden, out));
            }
            return result;
        }
        Boolean result = false;
        for (Condition part : ((Condition.Any) condition).conditions()) {
            result = or(result, trace(part, record, hidden, out));
        }
        return result;
    }
}
