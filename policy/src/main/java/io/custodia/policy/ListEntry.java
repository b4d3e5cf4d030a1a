package io.custodia.policy;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One shared list holding a contact, as it reaches one member: the member's level on the list, and
 * what the entry lends. A list entry gives no more than its adder held on the contact when adding
 * it (access-model, "A grant never exceeds its granter"): {@code lends} is the most the adder's roles
 * allowed (VIEW: read; EDIT: also update; DELETE: also delete), {@code withheld} the fields hidden
 * from the adder (hidden from every member, the list's managers and owner included) and {@code
 * readOnly} the fields the adder could read but not edit. {@code until} is when the membership
 * ends (null: never), for explanations only: an ended membership is no entry at all.
 */
public record ListEntry(
        String listId,
        String listName,
        ListLevel member,
        ListLevel lends,
        Set<String> listHidden,
        Set<String> withheld,
        Set<String> readOnly,
        Instant until) {
    public ListEntry {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(lends, "lends");
        if (lends.atLeast(ListLevel.MANAGER)) {
            throw new IllegalArgumentException("an entry lends at most DELETE");
        }
        listHidden = Set.copyOf(listHidden);
        withheld = Set.copyOf(withheld);
        readOnly = Set.copyOf(readOnly);
    }

    /** An entry of a membership that does not end. */
    public ListEntry(
            String listId,
            String listName,
            ListLevel member,
            ListLevel lends,
            Set<String> listHidden,
            Set<String> withheld,
            Set<String> readOnly) {
        this(listId, listName, member, lends, listHidden, withheld, readOnly, null);
    }

    /** An entry whose adder could do everything and saw every field (tests, and contacts created into the list). */
    public static ListEntry lendingAll(String listId, String listName, ListLevel member, Set<String> listHidden) {
        return new ListEntry(listId, listName, member, ListLevel.DELETE, listHidden, Set.of(), Set.of());
    }

    /** Whether the entry admits the action for its member: both the member's level and what it lends must. */
    public boolean admits(Action action) {
        return member.admits(action) && lends.admits(action);
    }

    /** The fields hidden through this entry: the list's (below MANAGER) and the adder's. */
    public Set<String> hiddenFields() {
        if (member.seesHiddenFields()) {
            return withheld;
        }
        Set<String> hidden = new TreeSet<>(listHidden);
        hidden.addAll(withheld);
        return hidden;
    }

    /** Whether the field is visible through this entry. */
    public boolean shows(String field) {
        return !withheld.contains(field) && (member.seesHiddenFields() || !listHidden.contains(field));
    }
}
