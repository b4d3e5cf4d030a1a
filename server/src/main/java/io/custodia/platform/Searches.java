package io.custodia.platform;

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
}
