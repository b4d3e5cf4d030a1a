package io.custodia.access;

import io.custodia.audit.AuditLog;
import io.custodia.platform.WorkspacePrincipal;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One kind of grant an access review campaign reviews (access-model, "Access review campaigns"),
 * answered by the feature that owns it: the live grants to snapshot as items, whether one still
 * lives, what it is on as a given reader may see it, and its revocation through that feature's
 * normal path. The access feature answers for role assignments; the records feature for record
 * shares; the collaboration feature for list memberships; the integrations feature for apps'
 * authorisations.
 */
public interface ReviewedGrants {

    /**
     * The item kind, as the API names it ({@code role_assignment}, {@code record_share},
     * {@code list_membership}, {@code app_authorization}).
     */
    String kind();

    /** Every live grant of this kind in the workspace: to whom it gives, and what, in words. */
    List<Held> held(UUID workspaceId);

    /** Those of the grants that still exist and count: those {@link #held} still answers. */
    default Set<String> live(UUID workspaceId, Collection<String> grantIds) {
        Set<String> held = held(workspaceId).stream().map(Held::grantId).collect(Collectors.toSet());
        return grantIds.stream().filter(held::contains).collect(Collectors.toSet());
    }

    /**
     * What the grant is on (a record, a list), as the sealed export holds it: its type and id, never
     * its name, which only some readers may know; null for a kind whose grant is on nothing else.
     */
    default Target on(String grantId) {
        return null;
    }

    /**
     * What each grant is on as {@code reader} may see it now, by grant id: named (id and name) when
     * the feature's normal read path lets the reader read that record or see that list, its type
     * alone otherwise. Empty for a kind whose grant is on nothing else.
     */
    default Map<String, Target> seenBy(WorkspacePrincipal reader, Collection<String> grantIds) {
        return Map.of();
    }

    /**
     * Revokes the grant through the normal path, that path's checks made with {@code authority}'s
     * permissions and its audit entry naming {@code actor}; throws that path's refusal (an
     * {@link io.custodia.platform.ApiProblem}) when it refuses.
     */
    void revoke(WorkspacePrincipal authority, AuditLog.Actor actor, String grantId);

    /**
     * A live grant: its id, the principal it gives to, what it gives as the reviewer reads it (no
     * name of a record or list: the item keeps it for every reader), and when it ends (null: never).
     */
    record Held(String grantId, UUID subjectId, String grant, OffsetDateTime expiresAt) {}

    /**
     * A record or a list a grant is on: its type ({@code deal}, ..., {@code list}), and its id and
     * name, both null for a reader who may not read it; the name alone null for one who may read it
     * but not the field that names it.
     */
    record Target(
            @Schema(allowableValues = {"deal", "contact", "company", "activity", "note", "list"})
            String type,

            @Schema(description = "null: the caller may not read the record or see the list", nullable = true)
            UUID id,

            @Schema(
                    description = "the record's title or the list's name; null as the id is, or when the caller"
                            + " may not see the field that names the record",
                    nullable = true)
            String name) {

        /** The target as told to someone who may not read it: its type alone. */
        public static Target unseen(String type) {
            return new Target(type, null, null);
        }

        public boolean seen() {
            return id != null;
        }
    }
}
