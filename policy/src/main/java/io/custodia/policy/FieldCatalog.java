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

    /** The built-in fields of every entity, with no custom field yet. */
    public static FieldCatalog builtIn() {
        Map<EntityType, Map<String, FieldType>> fields = new EnumMap<>(EntityType.class);
        fields.put(
                EntityType.CONTACT,
                ordered("firstName", FieldType.TEXT, "lastName", FieldType.TEXT, "email", FieldType.TEXT)
                        .with("phone", FieldType.TEXT)
                        .with("companyId", FieldType.TEXT)
                        .with("ownerId", FieldType.TEXT));
        fields.put(
                EntityType.COMPANY,
                ordered("name", FieldType.TEXT, "domain", FieldType.TEXT, "ownerId", FieldType.TEXT));
        fields.put(
                EntityType.DEAL,
                ordered("title", FieldType.TEXT, "amount", FieldType.NUMBER, "currency", FieldType.TEXT)
                        .with("pipelineId", FieldType.TEXT)
                        .with("stageId", FieldType.TEXT)
                        .with("companyId", FieldType.TEXT)
                        .with("ownerId", FieldType.TEXT));
        fields.put(
                EntityType.ACTIVITY,
                ordered("type", FieldType.TEXT, "subject", FieldType.TEXT, "dueAt", FieldType.TIMESTAMP)
                        .with("done", FieldType.BOOLEAN)
                        .with("dealId", FieldType.TEXT)
                        .with("contactId", FieldType.TEXT)
                        .with("ownerId", FieldType.TEXT));
        fields.put(
                EntityType.NOTE,
                ordered("body", FieldType.TEXT, "dealId", FieldType.TEXT, "contactId", FieldType.TEXT)
                        .with("companyId", FieldType.TEXT)
                        .with("ownerId", FieldType.TEXT));
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

    private static Fields ordered(String k1, FieldType t1, String k2, FieldType t2, String k3, FieldType t3) {
        return new Fields(Map.of()).with(k1, t1).with(k2, t2).with(k3, t3);
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
