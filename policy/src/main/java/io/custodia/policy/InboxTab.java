package io.custodia.policy;

import java.util.Locale;

/** The tabs of a user's inbox (access-model section 6); each is a constraint on top of visibility. */
public enum InboxTab {
    /** Open, and I am the attendant. */
    MINE,
    /** Open, nobody attends it, and it belongs to one of my teams. */
    QUEUE,
    /** Open, visible to me, and somebody else attends it. */
    OTHERS,
    /** Completed and visible to me. */
    COMPLETED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InboxTab fromKey(String key) {
        for (InboxTab tab : values()) {
            if (tab.key().equals(key)) {
                return tab;
            }
        }
        throw new IllegalArgumentException("unknown tab '" + key + "'; expected mine, queue, others or completed");
    }
}
