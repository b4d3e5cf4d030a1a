package io.custodia.web;

import io.custodia.policy.BuiltInField;
import io.custodia.policy.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The record types the console has pages for: those of the registry ({@link EntityType}) that stand
 * alone. Their paths, list columns, names and form fields are derived from the registry's entries;
 * only deals and contacts have forms of their own (a deal's stage, a person's two names).
 */
public final class RecordKind {
    private static final List<RecordKind> VALUES =
            EntityType.standalone().stream().map(RecordKind::new).toList();

    public static final RecordKind DEALS = of(EntityType.DEAL.path()).orElseThrow();
    public static final RecordKind CONTACTS = of(EntityType.CONTACT.path()).orElseThrow();

    public final EntityType type;
    public final String path;
    /** The type's key ({@code deal}): messages ({@code records.new.deal}), custom fields, parent links. */
    public final String entity;
    /** The column that links to the record and shows its name: its one naming field, or {@code name}. */
    public final String nameColumn;

    public final List<String> columns;

    private RecordKind(EntityType type) {
        this.type = type;
        this.path = type.path();
        this.entity = type.key();
        List<String> naming = type.keys(BuiltInField.Trait.NAMING);
        this.nameColumn = naming.size() == 1 ? naming.get(0) : "name";
        List<String> shown = new ArrayList<>();
        shown.add(nameColumn);
        shown.addAll(type.keys(BuiltInField.Trait.LISTED));
        shown.add("ownerId");
        shown.add("updatedAt");
        this.columns = List.copyOf(shown);
    }

    /** Every kind with pages, in the registry's order. */
    public static List<RecordKind> all() {
        return VALUES;
    }

    static Optional<RecordKind> of(String path) {
        return VALUES.stream().filter(k -> k.path.equals(path)).findFirst();
    }

    /** The kind of an entity's key ({@code deal}), if the console has pages for it. */
    public static Optional<RecordKind> ofEntity(String key) {
        return VALUES.stream().filter(k -> k.entity.equals(key)).findFirst();
    }

    /** What a record of this kind is called in a list or a heading: its naming fields, joined. */
    public String nameOf(Json record) {
        return type.keys(BuiltInField.Trait.NAMING).stream()
                .map(record::s)
                .collect(Collectors.joining(" "))
                .strip();
    }

    /** Whether the kind's records sit in a pipeline's stages (deals: the board and a stage filter). */
    public boolean staged() {
        return type.field("stageId").isPresent();
    }

    /** Whether records of another type link to this one as their parent through a field. */
    private boolean parentOf(EntityType child) {
        return child.parents().stream().anyMatch(p -> p.entity() == type);
    }

    /** Whether the record's page lists and logs activities. */
    public boolean hasActivities() {
        return parentOf(EntityType.ACTIVITY);
    }

    /** Whether the record's page lists and adds notes. */
    public boolean hasNotes() {
        return parentOf(EntityType.NOTE);
    }

    /** The built-in fields a generic form offers: texts, numbers and choices (not links, dates or flags). */
    public List<BuiltInField> formFields() {
        return type.fields().stream()
                .filter(f -> switch (f.kind()) {
                    case TEXT, NUMBER, CHOICE -> true;
                    case TIMESTAMP, BOOLEAN, REFERENCE -> false;
                })
                .toList();
    }

    /** The inputs whose values travel as JSON numbers. */
    List<String> numbers() {
        return type.fields().stream()
                .filter(f -> f.kind() == BuiltInField.Kind.NUMBER)
                .map(BuiltInField::key)
                .toList();
    }

    @Override
    public String toString() {
        return path;
    }
}
