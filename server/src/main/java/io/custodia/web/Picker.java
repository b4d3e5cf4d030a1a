package io.custodia.web;

/**
 * A people picker in a form: its search box's id, the form field it fills, the person it holds
 * already (none, never the person signed in by default), whether the form needs someone, and the
 * words of the choice "no one" where the form has one (a list's filter: anyone).
 */
public record Picker(
        String id, String field, String label, String currentId, String currentName, boolean required, String none) {
    /**
     * The name of the picker's search box. It starts with an underscore so that the record forms,
     * which send every other input they hold, leave it out.
     */
    public static final String TYPED = "_typed";

    /** A picker that must be given someone and holds someone already (a record's owner). */
    public static Picker holding(String id, String field, String label, String currentId, String currentName) {
        return new Picker(id, field, label, currentId, currentName, true, "");
    }

    /** A picker that must be given someone and holds no one yet. */
    public static Picker empty(String id, String field, String label) {
        return new Picker(id, field, label, "", "", true, "");
    }

    /** A filter's picker: no one chosen (the choice {@code none}) means everyone. */
    public static Picker filter(
            String id, String field, String label, String currentId, String currentName, String none) {
        return new Picker(id, field, label, currentId == null ? "" : currentId, currentName, false, none);
    }

    public boolean holds() {
        return currentId != null && !currentId.isBlank();
    }

    /** The fragment's address, which the search box asks as the person types. */
    public String searchPath() {
        return "/pickers/people?field=" + field + "&required=" + required;
    }
}
