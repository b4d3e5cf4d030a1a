package io.custodia.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the shared lists holding one contact give one user: one {@link ListEntry} per list. The
 * user may take an action when one entry admits it; a field is hidden when every entry hides it (a
 * field hidden on one list but not another is visible).
 */
public record ListAccess(List<ListEntry> entries) {
    public ListAccess {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a list access has at least one entry");
        }
    }

    public static ListAccess of(ListEntry... entries) {
        return new ListAccess(List.of(entries));
    }

    /** The same user on one more list holding the contact. */
    public ListAccess and(ListAccess other) {
        List<ListEntry> both = new ArrayList<>(entries);
        both.addAll(other.entries);
        return new ListAccess(both);
    }

    /** Whether some list holding the contact admits the action for this user. */
    public boolean admits(Action action) {
        return admitting(action) != null;
    }

    /** The entry that admits the action, the one of the highest level first; null when none does. */
    public ListEntry admitting(Action action) {
        ListEntry best = null;
        for (ListEntry e : entries) {
            if (e.admits(action) && (best == null || e.member().compareTo(best.member()) > 0)) {
                best = e;
            }
        }
        return best;
    }

    /** The user's highest level on the lists holding the contact. */
    public ListLevel level() {
        ListLevel highest = ListLevel.VIEW;
        for (ListEntry e : entries) {
            if (e.member().compareTo(highest) > 0) {
                highest = e.member();
            }
        }
        return highest;
    }

    /** The fields every entry hides. */
    public Set<String> hiddenFields() {
        Set<String> hidden = new TreeSet<>(entries.get(0).hiddenFields());
        for (ListEntry e : entries) {
            hidden.retainAll(e.hiddenFields());
        }
        return Collections.unmodifiableSet(hidden);
    }

    /** The fields read-only through every entry that admits updating (none when no entry does). */
    public Set<String> readOnlyFields() {
        Set<String> readOnly = null;
        for (ListEntry e : entries) {
            if (e.admits(Action.UPDATE)) {
                if (readOnly == null) {
                    readOnly = new TreeSet<>(e.readOnly());
                } else {
                    readOnly.retainAll(e.readOnly());
                }
            }
        }
        return readOnly == null ? Set.of() : Collections.unmodifiableSet(readOnly);
    }
}
