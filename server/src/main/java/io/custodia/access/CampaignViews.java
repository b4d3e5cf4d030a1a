package io.custodia.access;

import io.custodia.platform.CsvCells;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** How a campaign and its items read: in answers, and in the export (JSON, sealed at the close, or CSV). */
@Component
class CampaignViews {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    static final List<String> CSV_COLUMNS = List.of(
            "itemId",
            "kind",
            "grantId",
            "subjectId",
            "subject",
            "grant",
            "expiresAt",
            "targetType",
            "targetId",
            "reviewerId",
            "decision",
            "comment",
            "decidedAt",
            "outcome",
            "reason");

    record Scope(String kind, UUID departmentId) {}

    record CampaignView(
            UUID id,
            String name,
            Scope scope,
            String status,
            UUID startedBy,
            OffsetDateTime startedAt,
            OffsetDateTime dueAt,
            String onTimeout,
            UUID reviewerId,
            OffsetDateTime closedAt,
            String resultSha256,
            ReviewCampaigns.Counts counts) {

        /** The whole campaign, for its managers. */
        static CampaignView full(ReviewCampaigns.Campaign c, ReviewCampaigns.Counts counts) {
            return new CampaignView(
                    c.id(),
                    c.name(),
                    new Scope(c.scopeKind(), c.departmentId()),
                    c.closed() ? "closed" : "open",
                    c.startedBy(),
                    c.startedAt(),
                    c.dueAt(),
                    c.onTimeout(),
                    c.reviewerId(),
                    c.closedAt(),
                    c.resultSha256(),
                    counts);
        }

        /** What a reviewer sees: the name, state and deadline, and counts of their own items. */
        static CampaignView forReviewer(ReviewCampaigns.Campaign c, ReviewCampaigns.Counts own) {
            return new CampaignView(
                    c.id(),
                    c.name(),
                    null,
                    c.closed() ? "closed" : "open",
                    null,
                    c.startedAt(),
                    c.dueAt(),
                    null,
                    null,
                    c.closedAt(),
                    null,
                    own);
        }
    }

    record ItemView(
            UUID id,

            @Schema(allowableValues = {"role_assignment", "record_share", "list_membership", "app_authorization"})
            String kind,

            @Schema(
                    description = "null when the item's target is one the caller may not read (it holds its id)",
                    nullable = true)
            String grantId,

            UUID subjectId,
            String subject,
            String grant,

            @Schema(description = "when the grant ends, as at the start; null: it does not", nullable = true)
            OffsetDateTime expiresAt,

            @Schema(
                    description = "the record a share is on, or the list of a membership (null for roles and apps);"
                            + " its id and name only for a caller who may read that record or see that list now",
                    nullable = true)
            ReviewedGrants.Target target,

            UUID reviewerId,
            String decision,
            String comment,
            OffsetDateTime decidedAt,
            String outcome,
            String reason) {

        /**
         * An item; one still undecided whose grant is no longer {@code live} reads as gone. With a
         * {@code target} its reader may not see, the grant's id, which holds the target's, is left out.
         */
        static ItemView of(ReviewCampaigns.Item i, Set<String> live, ReviewedGrants.Target target) {
            String outcome = i.outcome() != null ? i.outcome() : live.contains(i.grantId()) ? null : "gone";
            return new ItemView(
                    i.id(),
                    i.kind(),
                    target == null || target.seen() ? i.grantId() : null,
                    i.subjectId(),
                    i.subject(),
                    i.grant(),
                    i.expiresAt(),
                    target,
                    i.reviewerId(),
                    i.decision(),
                    i.comment(),
                    i.decidedAt(),
                    outcome,
                    i.reason());
        }
    }

    /** How many of the items are in each state, as they read (an undecided one whose grant went is gone). */
    static ReviewCampaigns.Counts counts(List<ReviewCampaigns.Item> items, Set<String> live) {
        int undecided = 0, kept = 0, revoked = 0, refused = 0, gone = 0;
        for (ReviewCampaigns.Item item : items) {
            String outcome = ItemView.of(item, live, null).outcome();
            switch (outcome == null ? "" : outcome) {
                case "kept" -> kept++;
                case "revoked" -> revoked++;
                case "refused" -> refused++;
                case "gone" -> gone++;
                default -> undecided++;
            }
        }
        return new ReviewCampaigns.Counts(items.size(), undecided, kept, revoked, refused, gone);
    }

    /**
     * The campaign's result as JSON: the campaign and every item, instants written as ISO 8601 in
     * UTC, members in a fixed order, so the text written at the close is the one sealed and served.
     * Written for no reader in particular, it names no record or list: {@code targets} (by item id)
     * hold their types and ids alone.
     */
    String resultJson(
            ReviewCampaigns.Campaign c,
            List<ReviewCampaigns.Item> items,
            Set<String> live,
            Map<UUID, ReviewedGrants.Target> targets) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id().toString());
        out.put("name", c.name());
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("kind", c.scopeKind());
        scope.put("departmentId", text(c.departmentId()));
        out.put("scope", scope);
        out.put("status", c.closed() ? "closed" : "open");
        out.put("startedBy", c.startedBy().toString());
        out.put("startedAt", text(c.startedAt()));
        out.put("dueAt", text(c.dueAt()));
        out.put("onTimeout", c.onTimeout());
        out.put("reviewerId", text(c.reviewerId()));
        out.put("closedAt", text(c.closedAt()));
        out.put(
                "items",
                items.stream()
                        .map(i -> itemJson(ItemView.of(i, live, targets.get(i.id()))))
                        .toList());
        return JSON.writeValueAsString(out);
    }

    /** One CSV row per item of the result JSON. */
    String csv(String resultJson) {
        Map<String, Object> result = JSON.readValue(resultJson, OBJECT);
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(
                out,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader(CSV_COLUMNS.toArray(String[]::new))
                        .get())) {
            for (Object item : (List<?>) result.get("items")) {
                Map<?, ?> row = (Map<?, ?>) item;
                Map<?, ?> target = row.get("target") instanceof Map<?, ?> on ? on : Map.of();
                csv.printRecord(CSV_COLUMNS.stream()
                        .map(column -> switch (column) {
                            case "itemId" -> row.get("id");
                            case "targetType" -> target.get("type");
                            case "targetId" -> target.get("id");
                            default -> row.get(column);
                        })
                        .map(v -> v == null ? "" : v.toString())
                        .map(CsvCells::cell));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Map<String, Object> itemJson(ItemView i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", i.id().toString());
        out.put("kind", i.kind());
        out.put("grantId", i.grantId());
        out.put("subjectId", i.subjectId().toString());
        out.put("subject", i.subject());
        out.put("grant", i.grant());
        out.put("expiresAt", text(i.expiresAt()));
        out.put("target", i.target() == null ? null : targetJson(i.target()));
        out.put("reviewerId", i.reviewerId().toString());
        out.put("decision", i.decision());
        out.put("comment", i.comment());
        out.put("decidedAt", text(i.decidedAt()));
        out.put("outcome", i.outcome());
        out.put("reason", i.reason());
        return out;
    }

    private static Map<String, Object> targetJson(ReviewedGrants.Target target) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", target.type());
        out.put("id", text(target.id()));
        return out;
    }

    private static String text(Object value) {
        return value == null
                ? null
                : value instanceof OffsetDateTime at ? at.toInstant().toString() : value.toString();
    }
}
