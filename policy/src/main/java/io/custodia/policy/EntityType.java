package io.custodia.policy;

import static io.custodia.policy.BuiltInField.Trait.LISTED;
import static io.custodia.policy.BuiltInField.Trait.NAMING;
import static io.custodia.policy.BuiltInField.Trait.PARENT;
import static io.custodia.policy.BuiltInField.Trait.REQUIRED;
import static io.custodia.policy.BuiltInField.Trait.SEARCHED;
import static io.custodia.policy.BuiltInField.bool;
import static io.custodia.policy.BuiltInField.choice;
import static io.custodia.policy.BuiltInField.number;
import static io.custodia.policy.BuiltInField.reference;
import static io.custodia.policy.BuiltInField.text;
import static io.custodia.policy.BuiltInField.timestamp;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The registry of record types: the only place that names the kinds of CRM records and their
 * built-in fields. Roles grant access to these; the field catalogue, the server's tables and request
 * paths, comment and access-request targets, apps' scopes, the simulation and the console's pages are
 * all derived from it. Adding a type is one entry here, one migration creating its table (named
 * after {@link #key()}, columns after the fields' keys in snake case) and its words in the console's
 * message files (docs/architecture.md, "How to add a record type").
 */
public enum EntityType {
    CONTACT(
            "contacts",
            text("firstName", 200).with(SEARCHED, NAMING),
            text("lastName", 200).with(SEARCHED, NAMING),
            text("email", 254).with(SEARCHED, LISTED),
            text("phone", 50).with(LISTED),
            reference("companyId")),
    COMPANY(
            "companies",
            text("name", 300).with(REQUIRED, SEARCHED, NAMING),
            text("domain", 300).with(SEARCHED, LISTED)),
    DEAL(
            "deals",
            text("title", 300).with(REQUIRED, SEARCHED, NAMING),
            number("amount").with(LISTED),
            text("currency", 3),
            reference("pipelineId"),
            reference("stageId").with(LISTED),
            reference("companyId")),
    ACTIVITY(
            "activities",
            choice("type", "call", "meeting", "task"),
            text("subject", 300).with(REQUIRED, SEARCHED, NAMING),
            timestamp("dueAt"),
            bool("done"),
            reference("dealId").with(PARENT),
            reference("contactId").with(PARENT)),
    NOTE(
            "notes",
            text("body", 20_000).with(REQUIRED, SEARCHED, NAMING),
            reference("dealId").with(PARENT),
            reference("contactId").with(PARENT),
            reference("companyId").with(PARENT));

    /**
     * Every type's path, as request mappings need it: an annotation takes only a constant. Checked
     * against the entries when the class loads, so a type added without its path stops the server
     * (and every test) from starting.
     */
    public static final String PATHS = "contacts|companies|deals|activities|notes";

    /** The paths of the types that stand alone (no parent): they have comments, requests and pages. */
    public static final String STANDALONE_PATHS = "contacts|companies|deals";

    private static final EntityType[] VALUES = values();

    static {
        // Derived once: decisions ask for a type's parents and fields several times per record read.
        for (EntityType type : VALUES) {
            type.parents = type.fields.stream()
                    .filter(f -> f.is(PARENT))
                    .map(f -> new Parent(f.key(), f.target().orElseThrow()))
                    .toList();
            type.fieldsByKey = type.fields.stream().collect(Collectors.toUnmodifiableMap(BuiltInField::key, f -> f));
            for (BuiltInField.Trait trait : BuiltInField.Trait.values()) {
                type.withTrait.put(
                        trait,
                        type.fields.stream()
                                .filter(f -> f.is(trait))
                                .map(BuiltInField::key)
                                .toList());
            }
        }
        // INVARIANT: the path constants name exactly the registry's types, in its order.
        check(PATHS, Arrays.asList(VALUES));
        check(STANDALONE_PATHS, standalone());
    }

    private final String path;
    private final String key;
    private final List<BuiltInField> fields;
    // Set once by the static block (a parent is a type declared later, so not in the constructor).
    private List<Parent> parents;
    private Map<String, BuiltInField> fieldsByKey;
    private final Map<BuiltInField.Trait, List<String>> withTrait = new EnumMap<>(BuiltInField.Trait.class);

    EntityType(String path, BuiltInField... fields) {
        this.path = path;
        this.key = name().toLowerCase(Locale.ROOT);
        this.fields = List.of(fields);
    }

    /**
     * A link from a record to the record it belongs to: an activity's deal, a note's company. A record
     * with parents is readable only while the one it links to is ("controlled by parent").
     */
    public record Parent(String field, EntityType entity) {}

    /** The type's name in roles, shares, custom fields and messages: {@code deal}. */
    public String key() {
        return key;
    }

    /** The type's plural, its records' path in the API and the console: {@code deals}. */
    public String path() {
        return path;
    }

    /** The built-in fields, in the order answers and exports list them (the owner is apart). */
    public List<BuiltInField> fields() {
        return fields;
    }

    public Optional<BuiltInField> field(String key) {
        return Optional.ofNullable(fieldsByKey.get(key));
    }

    /** The keys of the fields with a trait, in order. */
    public List<String> keys(BuiltInField.Trait trait) {
        return withTrait.get(trait);
    }

    /** The field that names a record in sorting and in the recycle bin: the last naming field. */
    public String nameKey() {
        List<String> naming = keys(NAMING);
        return naming.get(naming.size() - 1);
    }

    /** The links of which a record of this type has exactly one; none for records that stand alone. */
    public List<Parent> parents() {
        return parents;
    }

    /** Whether records of this type stand alone (no parent): they have pages, comments and requests. */
    public boolean standsAlone() {
        return parents.isEmpty();
    }

    /**
     * The scopes an app may ask for on this type (access-model section 8): {@code X:read} for the
     * types that stand alone, {@code X:write} for every type (activities and notes are read with it).
     */
    public List<String> appScopes() {
        return standsAlone() ? List.of(path + ":read", path + ":write") : List.of(path + ":write");
    }

    /** The types that stand alone, in the registry's order. */
    public static List<EntityType> standalone() {
        return Arrays.stream(VALUES).filter(EntityType::standsAlone).toList();
    }

    public static EntityType fromKey(String key) {
        return byKey(key).orElseThrow(() -> new IllegalArgumentException("unknown entity '" + key + "'"));
    }

    public static Optional<EntityType> byKey(String key) {
        for (EntityType type : VALUES) {
            if (type.key().equals(key)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static Optional<EntityType> byPath(String path) {
        for (EntityType type : VALUES) {
            if (type.path.equals(path)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The registry's keys, for messages that list them: {@code contact, company, ...}. */
    public static String keys() {
        return Arrays.stream(VALUES).map(EntityType::key).collect(Collectors.joining(", "));
    }

    private static void check(String paths, List<EntityType> types) {
        String expected = types.stream().map(EntityType::path).collect(Collectors.joining("|"));
        if (!paths.equals(expected)) {
            throw new IllegalStateException("the path constant '" + paths + "' must be '" + expected + "'");
        }
    }
}
