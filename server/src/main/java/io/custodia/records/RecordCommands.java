package io.custodia.records;

import static io.custodia.platform.db.Tables.CONTACT;
import static io.custodia.platform.db.Tables.DEAL;
import static io.custodia.platform.db.Tables.DEAL_CONTACT;
import static io.custodia.platform.db.Tables.PIPELINE_STAGE;

import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.EntityType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;

/**
 * Records written on behalf of other features (an app filing a meeting), through exactly the same
 * checks as the records API: the caller's access, validation, hidden fields, the audit of owners.
 */
@Service
public class RecordCommands {
    private final RecordService service;
    private final DSLContext db;

    RecordCommands(RecordService service, DSLContext db) {
        this.service = service;
        this.db = db;
    }

    /**
     * Creates a record as {@code caller} would through {@code POST /api/v1/<type>}, except that the
     * link to {@code linkedTo} (a record the calling feature found itself) is not required to be
     * readable by the caller; answers its id.
     */
    public UUID create(
            WorkspacePrincipal caller,
            EntityType entity,
            Map<String, Object> body,
            EntityType linkedType,
            UUID linkedTo) {
        Map<Object, Object> vouched = new HashMap<>();
        RecordType.of(linkedType).ifPresent(t -> vouched.put(List.of(t, linkedTo), true));
        return service.create(caller, type(entity), body, vouched).id();
    }

    /**
     * Changes fields of a record as {@code caller} would through {@code PATCH}: keys are built-in
     * fields or custom field keys. Fails with the API's problem (422 naming the field, 403, 404).
     */
    public void updateFields(WorkspacePrincipal caller, EntityType entity, UUID id, Map<String, Object> values) {
        RecordType type = RecordType.of(entity).orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (type.builtIn(key).isPresent()) {
                body.put(key, value);
            } else {
                custom.put(key, value);
            }
        });
        if (!custom.isEmpty()) {
            body.put("fields", custom);
        }
        service.update(caller, type, id, null, body);
    }

    /** The live contacts with each e-mail (compared without case), whoever may read them. */
    public Map<String, List<UUID>> contactsByEmail(UUID workspaceId, Collection<String> emails) {
        Map<String, List<UUID>> found = new LinkedHashMap<>();
        List<String> wanted =
                emails.stream().map(e -> e.strip().toLowerCase(Locale.ROOT)).toList();
        db.select(CONTACT.EMAIL, CONTACT.ID)
                .from(CONTACT)
                .where(CONTACT.WORKSPACE_ID.eq(workspaceId))
                .and(CONTACT.DELETED_AT.isNull())
                .and(DSL.lower(CONTACT.EMAIL).in(wanted))
                .orderBy(CONTACT.ID)
                .forEach(r -> found.computeIfAbsent(r.value1().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(r.value2()));
        return found;
    }

    /** The most recently updated live deal in an open stage that is with any of the contacts. */
    public Optional<UUID> latestOpenDealWith(UUID workspaceId, Collection<UUID> contactIds) {
        if (contactIds.isEmpty()) {
            return Optional.empty();
        }
        return db.select(DEAL.ID)
                .from(DEAL)
                .join(PIPELINE_STAGE)
                .on(PIPELINE_STAGE.WORKSPACE_ID.eq(DEAL.WORKSPACE_ID).and(PIPELINE_STAGE.ID.eq(DEAL.STAGE_ID)))
                .where(DEAL.WORKSPACE_ID.eq(workspaceId))
                .and(DEAL.DELETED_AT.isNull())
                .and(PIPELINE_STAGE.KIND.eq("OPEN"))
                .and(DEAL.ID.in(org.jooq
                        .impl
                        .DSL
                        .select(DEAL_CONTACT.DEAL_ID)
                        .from(DEAL_CONTACT)
                        .where(DEAL_CONTACT.WORKSPACE_ID.eq(workspaceId))
                        .and(DEAL_CONTACT.CONTACT_ID.in(contactIds))))
                .orderBy(DEAL.UPDATED_AT.desc(), DEAL.ID.desc())
                .limit(1)
                .fetchOptional(DEAL.ID);
    }

    private static RecordType type(EntityType entity) {
        return RecordType.of(entity).orElseThrow(() -> new IllegalArgumentException("no records of " + entity));
    }
}
