package io.custodia.policy;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a user lends a shared list by adding a contact to it: no more than the user's roles hold on
 * the contact (access-model, "A grant never exceeds its granter"). {@code lends} is VIEW, EDIT or
 * DELETE; {@code withheld} the fields the roles hide; {@code readOnly} those they let read only.
 */
public record ListLoan(ListLevel lends, Set<String> withheld, Set<String> readOnly) {
    public ListLoan {
        Objects.requireNonNull(lends, "lends");
        if (lends.atLeast(ListLevel.MANAGER)) {
            throw new IllegalArgumentException("a loan is at most DELETE");
        }
        withheld = Set.copyOf(withheld);
        readOnly = Set.copyOf(readOnly);
    }

    /** The same contact added again by someone else: the entry gives what either could (the higher loan, the fields both restrict). */
    public ListLoan and(ListLoan other) {
        Set<String> hidden = new TreeSet<>(withheld);
        hidden.retainAll(other.withheld);
        Set<String> fixed = new TreeSet<>(readOnly);
        fixed.retainAll(other.readOnly);
        return new ListLoan(lends.atLeast(other.lends) ? lends : other.lends, hidden, fixed);
    }
}
