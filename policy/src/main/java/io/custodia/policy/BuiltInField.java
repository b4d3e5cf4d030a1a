package io.custodia.policy;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A field every record of a type has, as the registry ({@link EntityType}) describes it once: its
 * key, its kind, its limits, and what the rest of the system does with it (searches it, names the
 * record by it, shows it in lists, links the record to its parent through it).
 */
public record BuiltInField(String key, Kind kind, int maxLength, List<String> choices, Set<Trait> traits) {
    public enum Kind {
        TEXT,
        CHOICE,
        NUMBER,
        TIMESTAMP,
        BOOLEAN,
        /** The id of another thing: a record ({@code companyId}), a pipeline or a stage. */
        REFERENCE
    }

    public enum Trait {
        /** A record is refused without it. */
        REQUIRED,
        /** A list's {@code q} searches it (text fields). */
        SEARCHED,
        /**
         * The record is called by it: the naming fields joined with a space in headings, the last of
         * them for sorting by name (a person by their last name) and in the recycle bin.
         */
        NAMING,
        /** The console's list of records of the type shows it as a column. */
        LISTED,
        /** A link to the record this one belongs to; a record has exactly one of its parent links. */
        PARENT
    }

    public BuiltInField {
        choices = List.copyOf(choices);
        traits = traits.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(traits));
    }

    public static BuiltInField text(String key, int maxLength) {
        return new BuiltInField(key, Kind.TEXT, maxLength, List.of(), Set.of());
    }

    /** One of a fixed list of texts; always required. */
    public static BuiltInField choice(String key, String... choices) {
        return new BuiltInField(key, Kind.CHOICE, 0, List.of(choices), Set.of(Trait.REQUIRED));
    }

    public static BuiltInField number(String key) {
        return new BuiltInField(key, Kind.NUMBER, 0, List.of(), Set.of());
    }

    public static BuiltInField timestamp(String key) {
        return new BuiltInField(key, Kind.TIMESTAMP, 0, List.of(), Set.of());
    }

    public static BuiltInField bool(String key) {
        return new BuiltInField(key, Kind.BOOLEAN, 0, List.of(), Set.of());
    }

    public static BuiltInField reference(String key) {
        return new BuiltInField(key, Kind.REFERENCE, 0, List.of(), Set.of());
    }

    /** This field with more traits. */
    public BuiltInField with(Trait... more) {
        Set<Trait> all = EnumSet.noneOf(Trait.class);
        all.addAll(traits);
        all.addAll(List.of(more));
        return new BuiltInField(key, kind, maxLength, choices, all);
    }

    public boolean is(Trait trait) {
        return traits.contains(trait);
    }

    public boolean required() {
        return is(Trait.REQUIRED);
    }

    /** How conditions see the field: choices and references as their text. */
    public FieldType type() {
        return switch (kind) {
            case NUMBER -> FieldType.NUMBER;
            case TIMESTAMP -> FieldType.TIMESTAMP;
            case BOOLEAN -> FieldType.BOOLEAN;
            case TEXT, CHOICE, REFERENCE -> FieldType.TEXT;
        };
    }

    /**
     * The type of record a reference names, by its key: {@code companyId} names a company. Empty for
     * references to other things (a pipeline, a stage) and for fields that are not references.
     */
    public Optional<EntityType> target() {
        if (kind != Kind.REFERENCE || !key.endsWith("Id")) {
            return Optional.empty();
        }
        return EntityType.byKey(key.substring(0, key.length() - 2));
    }
}
