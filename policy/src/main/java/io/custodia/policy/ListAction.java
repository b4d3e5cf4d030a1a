package io.custodia.policy;

import java.util.Locale;

/**
 * What a member does to a shared list itself (not to its contacts, which {@link
 * ListLevel#admits(Action)} decides), with the least level each needs (seed 004). The API checks
 * these and answers them as the list's {@code can}, so the two never disagree.
 */
public enum ListAction {
    RENAME(ListLevel.OWNER),
    DELETE(ListLevel.OWNER),
    TRANSFER(ListLevel.OWNER),
    SHARE(ListLevel.MANAGER),
    HIDE_FIELDS(ListLevel.MANAGER),
    ADD_CONTACTS(ListLevel.EDIT),
    REMOVE_CONTACTS(ListLevel.DELETE);

    private final ListLevel needs;

    ListAction(ListLevel needs) {
        this.needs = needs;
    }

    /** The least level that takes this action. */
    public ListLevel needs() {
        return needs;
    }

    /** Whether a member at this level (null: not on the list) may take the action. */
    public boolean allowedAt(ListLevel level) {
        return level != null && level.atLeast(needs);
    }

    /** The action's key in answers: {@code rename}, {@code hideFields}, {@code addContacts}. */
    public String key() {
        String[] words = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder key = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return key.toString();
    }
}
