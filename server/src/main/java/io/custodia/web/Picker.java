package io.custodia.web;

import java.util.List;

/**
 * A picker in a form: its search box's id, the form field it fills, the choice it holds already
 * (none, never the person signed in by default), whether the form needs one, the words of the
 * choice "no one" where the form has one (a list's filter: anyone), and where the search box asks
 * for choices: people ({@code /pickers/people}, or only a team's members, or only active people),
 * departments ({@code /pickers/departments}) or teams ({@code /pickers/teams}).
 */
public record Picker(
        String id,
        String field,
        String label,
        String currentId,
        String currentName,
        boolean required,
        String none,
        String source) {
    static final String PEOPLE = "/pickers/people";

    /** A people picker. */
    public Picker(
            String id,
            String field,
            String label,
            String currentId,
            String currentName,
            boolean required,
            String none) {
        this(id, field, label, currentId, currentName, required, none, PEOPLE);
    }

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

    /**
     * A picker of one of these groups (departments or teams, as the API lists them), holding the one
     * of this id, named as listed, or none; {@link #ofDepartments} or {@link #ofTeams} says which.
     */
    public static Picker amongGroups(String id, String field, String label, String currentId, List<Json> groups) {
        String held = currentId == null ? "" : currentId;
        String name = groups.stream()
                .filter(g -> g.s("id").equals(held))
                .map(g -> g.s("name"))
                .findFirst()
                .orElse("");
        return new Picker(id, field, label, name.isEmpty() ? "" : held, name, false, "");
    }

    /** The same picker with a choice of none, in these words (a department's parent: the top). */
    public Picker orNone(String words) {
        return new Picker(id, field, label, currentId, currentName, false, words, source);
    }

    public boolean holds() {
        return currentId != null && !currentId.isBlank();
    }

    /** The same picker offering only the team's members. */
    public Picker amongMembersOf(String teamId) {
        return from(PEOPLE + "?teamId=" + teamId);
    }

    /** The same picker offering only people who are active. */
    public Picker amongActive() {
        return from(PEOPLE + "?active=true");
    }

    /** The same picker offering departments instead of people. */
    public Picker ofDepartments() {
        return from("/pickers/departments");
    }

    /** The same picker offering teams instead of people. */
    public Picker ofTeams() {
        return from("/pickers/teams");
    }

    private Picker from(String path) {
        return new Picker(id, field, label, currentId, currentName, required, none, path);
    }

    /** The prefix of the picker's words in the messages: {@code picker}, {@code pickerDepartments}, {@code pickerTeams}. */
    public String words() {
        return PickerPages.words(source);
    }

    /** The fragment's address, which the search box asks as the person types. */
    public String searchPath() {
        return source + (source.contains("?") ? "&" : "?") + "field=" + field + "&required=" + required;
    }
}
