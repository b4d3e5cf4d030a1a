package io.custodia.policy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fields that conditions and field entries may name, per entity, with their types. */
public final class FieldCatalog {
    private final Map<EntityType, Map<String, FieldType>> fields;

    /** Each entity's custom fields in the order they were added: every answer with records lists them. */
    private final Map<EntityType, List<String>> custom;

    private static final FieldCatalog BUILT_IN = builtIn();

    private FieldCatalog(Map<EntityType, Map<String, FieldType>> fields, Map<EntityType, List<String>> custom) {
        this.fields = fields;
        this.custom = custom;
    }

    /** The built-in fields of every entity (the registry's, and the owner), with no custom field yet. */
    public static FieldCatalog builtIn() {
        Map<EntityType, Map<String, FieldType>> fields = new EnumMap<>(EntityType.class);
        for (EntityType entity : EntityType.values()) {
            Fields own = new Fields(Map.of());
            entity.fields().forEach(f -> own.put(f.key(), f.type()));
            fields.put(entity, own.with("ownerId", FieldType.TEXT));
        }
        return new FieldCatalog(fields, new EnumMap<>(EntityType.class));
    }

    /** A copy of this catalog with one more (custom) field. */
    public FieldCatalog withField(EntityType entity, String key, FieldType type) {
        Map<EntityType, Map<String, FieldType>> copy = new EnumMap<>(EntityType.class);
        fields.forEach((e, f) -> copy.put(e, new Fields(f)));
        copy.computeIfAbsent(entity, e -> new Fields(Map.of())).put(key, type);
        Map<EntityType, List<String>> moreCustom = new EnumMap<>(custom);
        List<String> keys = custom.getOrDefault(entity, List.of());
        if (!keys.contains(key)
                && !BUILT_IN.fields.getOrDefault(entity, Map.of()).containsKey(key)) {
            List<String> more = new ArrayList<>(keys);
            more.add(key);
            moreCustom.put(entity, List.copyOf(more));
        }
        return new FieldCatalog(copy, moreCustom);
    }

    /** The entity's custom fields, in the order they were added. */
    public List<String> customFields(EntityType entity) {
        return custom.getOrDefault(entity, List.of());
    }

    public Optional<FieldType> typeOf(EntityType entity, String key) {
        return Optional.ofNullable(fields.getOrDefault(entity, Map.of()).get(key));
    }

    private static final class Fields extends LinkedHashMap<String, FieldType> {
        Fields(Map<String, FieldType> source) {
            super(source);
        }

        Fields with(String key, FieldType type) {
            put(key, type);
            return this;
        }
    }
}
