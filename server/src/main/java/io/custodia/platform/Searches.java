package io.custodia.platform;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** What a search box's text becomes in SQL: a LIKE pattern that finds it anywhere, taken literally. */
public final class Searches {
    /** The escape character of {@link #containing} patterns, to pass to {@code like(pattern, ESCAPE)}. */
    public static final char ESCAPE = '\\';

    private Searches() {}

    /**
     * A pattern matching values that contain the text (stripped): {@code %} and {@code _} typed by
     * someone searching are characters to find, not wildcards.
     */
    public static String containing(String text) {
        return "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** Names holding the text, whatever the case; every name when there is no text (null or blank). */
    public static Condition nameHolds(Field<String> name, String text) {
        return text == null || text.isBlank() ? DSL.noCondition() : name.likeIgnoreCase(containing(text), ESCAPE);
    }
}
