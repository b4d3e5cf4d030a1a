package io.custodia.records;

import static io.custodia.platform.db.Tables.CUSTOM_FIELD;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.custodia.access.AccessVersions;
import io.custodia.access.FieldCatalogs;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.FieldType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Custom fields per entity: text, number, date or select (text with fixed options). Every request
 * that reads records needs the workspace's fields, so they are kept per access version: defining
 * one bumps the version (FieldController), which every node hears of.
 */
@Repository
public class CustomFields implements FieldCatalogs {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Kept(long version, List<Definition> definitions, FieldCatalog catalog) {}

    private final DSLContext db;
    private final AccessVersions versions;
    private final Cache<UUID, Kept> kept = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    CustomFields(DSLContext db, AccessVersions versions) {
        this.db = db;
        this.versions = versions;
    }

    public enum Type {
        TEXT,
        NUMBER,
        DATE,
        SELECT;

        FieldType engineType() {
            return switch (this) {
                case TEXT, SELECT -> FieldType.TEXT;
                case NUMBER -> FieldType.NUMBER;
                case DATE -> FieldType.DATE;
            };
        }

        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        static Type of(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }

    public record Definition(UUID id, String entity, String key, String label, Type type, List<String> options) {}

    boolean define(UUID workspaceId, Definition d) {
        return db.insertInto(CUSTOM_FIELD)
                        .set(CUSTOM_FIELD.WORKSPACE_ID, workspaceId)
                        .set(CUSTOM_FIELD.ID, d.id())
                        .set(CUSTOM_FIELD.ENTITY, d.entity())
                        .set(CUSTOM_FIELD.KEY, d.key())
                        .set(CUSTOM_FIELD.LABEL, d.label())
                        .set(CUSTOM_FIELD.TYPE, d.type().key())
                        .set(
                                CUSTOM_FIELD.OPTIONS,
                                d.options() == null ? null : JSONB.valueOf(JSON.writeValueAsString(d.options())))
                        .onConflictDoNothing()
                        .execute()
                == 1;
    }

    /** The workspace's fields, by entity and key. */
    public List<Definition> all(UUID workspaceId) {
        return current(workspaceId).definitions();
    }

    private Kept current(UUID workspaceId) {
        OptionalLong version = versions.cacheable(workspaceId);
        Kept known = kept.getIfPresent(workspaceId);
        if (version.isPresent() && known != null && known.version() == version.getAsLong()) {
            return known;
        }
        // Read after the version: what is read is at least as new as the version it is kept under.
        List<Definition> definitions = List.copyOf(read(workspaceId));
        FieldCatalog catalog = FieldCatalog.builtIn();
        for (Definition d : definitions) {
            catalog = catalog.withField(
                    EntityType.fromKey(d.entity()), d.key(), d.type().engineType());
        }
        Kept read = new Kept(version.orElse(-1), definitions, catalog);
        if (version.isPresent()) {
            kept.put(workspaceId, read);
        }
        return read;
    }

    @SuppressWarnings("unchecked")
    private List<Definition> read(UUID workspaceId) {
        return db.selectFrom(CUSTOM_FIELD)
                .where(CUSTOM_FIELD.WORKSPACE_ID.eq(workspaceId))
                .orderBy(CUSTOM_FIELD.ENTITY, CUSTOM_FIELD.KEY)
                .fetch(r -> new Definition(
                        r.getId(),
                        r.getEntity(),
                        r.getKey(),
                        r.getLabel(),
                        Type.valueOf(r.getType().toUpperCase(Locale.ROOT)),
                        r.getOptions() == null
                                ? null
                                : (List<String>) JSON.readValue(r.getOptions().data(), List.class)));
    }

    @Override
    public FieldCatalog catalogOf(UUID workspaceId) {
        return current(workspaceId).catalog();
    }

    @Override
    public Map<EntityType, Map<String, List<String>>> selectOptions(UUID workspaceId) {
        Map<EntityType, Map<String, List<String>>> options = new EnumMap<>(EntityType.class);
        for (Definition d : all(workspaceId)) {
            if (d.options() != null) {
                options.computeIfAbsent(EntityType.fromKey(d.entity()), e -> new HashMap<>())
                        .put(d.key(), d.options());
            }
        }
        return options;
    }
}
