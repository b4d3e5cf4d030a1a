package io.custodia.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The sharing rules that reach one user (access-model, "Sharing rules"): which of them admits an
 * action on a record, and the records they admit as a scope. The parent rule is the caller's: a
 * child is admitted by no path while its parent is unreadable.
 */
final class SharedByRules {
    private final Organization org;
    private final List<SharingRule> rules;

    SharedByRules(Organization org, List<SharingRule> rules) {
        this.org = org;
        this.rules = List.copyOf(rules);
    }

    List<SharingRule> all() {
        return rules;
    }

    /** The first rule that shares the record at a level admitting the action, or null. */
    SharingRule admitting(Action action, RecordFacts record) {
        for (SharingRule rule : rules) {
            if (rule.level().admits(action) && rule.covers(record, org)) {
                return rule;
            }
        }
        return null;
    }

    /** The records of the entity some rule shares at a level admitting the action. */
    Scope scope(EntityType entity, Action action) {
        List<Scope> parts = new ArrayList<>();
        for (SharingRule rule : rules) {
            if (rule.entity() == entity && rule.level().admits(action)) {
                parts.add(rule.scope(org));
            }
        }
        return Scope.anyOf(parts);
    }
}
