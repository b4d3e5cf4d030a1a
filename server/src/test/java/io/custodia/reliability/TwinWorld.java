package io.custodia.reliability;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A small random workspace as plain data, made from a seed, for the noninterference test: people in
 * departments, one viewer with random roles (levels, conditions, stage entries, hidden and read-only
 * fields), records of every type (some in the recycle bin), deal contacts, shares, shared lists with
 * entries that lend less than their level, comments and sharing rules, and in most worlds an offboarding's owner
 * overlay. {@link #copy()} and the setters let the test make a twin that differs only in what the viewer may not see.
 */
final class TwinWorld {
    static final List<String> REGIONS = List.of("SP", "RJ", "MG");
    static final List<String> ENTITIES = List.of("contact", "company", "deal", "activity", "note");

    /** The fields a role may hide or make read-only, per entity. */
    static final Map<String, List<String>> GUARDED = Map.of(
            "contact", List.of("lastName", "email", "phone", "region", "ownerId"),
            "company", List.of("name", "domain"),
            "deal", List.of("title", "amount", "region", "ownerId", "stageId"),
            "activity", List.of("subject", "dealId", "dueAt", "done"),
            "note", List.of("body"));

    record Department(UUID id, UUID parent) {}

    record Role(UUID id, String name, Map<String, Object> body) {}

    record Assignment(UUID id, UUID role, UUID user, UUID department, boolean everyone) {}

    /** One record: its table, owner, built-in columns (by column name) and custom values. */
    record Row(
            String table,
            UUID id,
            UUID owner,
            Map<String, Object> columns,
            Map<String, Object> custom,
            boolean trashed) {
        Row with(Map<String, Object> otherColumns, Map<String, Object> otherCustom) {
            return new Row(table, id, owner, otherColumns, otherCustom, trashed);
        }

        Row ownedBy(UUID other) {
            return new Row(table, id, other, columns, custom, trashed);
        }

        /** The record this one belongs to (an activity's deal), or null. */
        UUID parent() {
            for (String link : List.of("deal_id", "contact_id", "company_id")) {
                if (!table.equals("contact") && !table.equals("deal") && columns.get(link) instanceof UUID id) {
                    return id;
                }
            }
            return null;
        }
    }

    record Share(String type, UUID record, UUID user, String level) {}

    record SharedList(UUID id, String name, UUID owner, List<String> hidden) {}

    record Member(UUID list, UUID user, String level) {}

    record Entry(UUID list, UUID contact, UUID addedBy, String lends, List<String> withheld, List<String> readOnly) {}

    record Comment(UUID id, String type, UUID record, UUID author, String body, boolean isPrivate) {}

    /** An offboarding's owner overlay: the records of {@code from} read as {@code to}'s while the job runs. */
    record Overlay(UUID from, UUID to, UUID job) {}

    final Random random;
    final UUID viewer;
    /**
     * Whether the viewer manages roles (one world in four): they may then ask why anyone else may
     * do something, and the twin differs in the names of lists they are not on instead of in who
     * else is on those lists or holds shares (which explaining others tells them).
     */
    boolean manager;

    final UUID pipeline;
    final List<UUID> stages = new ArrayList<>();
    final List<Department> departments = new ArrayList<>();
    final List<UUID> users = new ArrayList<>();
    final Map<UUID, List<UUID>> memberships = new LinkedHashMap<>();
    final List<Role> roles = new ArrayList<>();
    final List<Assignment> assignments = new ArrayList<>();
    final List<Row> rows = new ArrayList<>();
    final List<UUID[]> dealContacts = new ArrayList<>();
    final List<Share> shares = new ArrayList<>();
    final List<SharedList> lists = new ArrayList<>();
    final List<Member> members = new ArrayList<>();
    final List<Entry> entries = new ArrayList<>();
    final List<Comment> comments = new ArrayList<>();
    final List<TwinRules.Rule> sharingRules = new ArrayList<>();
    /** Not a secret (the same in both twins), so null in both or the same in both. */
    Overlay overlay;

    private TwinWorld(Random random, UUID viewer, UUID pipeline) {
        this.random = random;
        this.viewer = viewer;
        this.pipeline = pipeline;
    }

    static TwinWorld random(long seed) {
        Random random = new Random(seed);
        TwinWorld w = new TwinWorld(random, uuid(random), uuid(random));
        for (int i = 0; i < 3; i++) {
            w.stages.add(uuid(random));
        }
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            w.departments.add(new Department(
                    uuid(random),
                    i == 0 ? null : w.departments.get(random.nextInt(i)).id()));
        }
        w.users.add(w.viewer);
        for (int i = 0; i < 2 + random.nextInt(3); i++) {
            w.users.add(uuid(random));
        }
        for (UUID user : w.users) {
            List<UUID> in = new ArrayList<>();
            for (Department d : w.departments) {
                if (random.nextInt(2) == 0) {
                    in.add(d.id());
                }
            }
            w.memberships.put(user, in);
        }
        // Every other world gives the viewer a role of a shape that random draws meet seldom: reading
        // activities and notes everywhere but only their own deals and contacts (children of what they
        // cannot read), or reading everything with owner, stage, title, amount and e-mail hidden and deleting
        // notes they may not read.
        if (seed % 2 == 0) {
            Role shaped = new Role(uuid(random), "viewer's shaped", seed % 4 == 0 ? childrenRole() : hiddenRole());
            w.roles.add(shaped);
            w.assignments.add(new Assignment(uuid(random), shaped.id(), w.viewer, null, false));
        }
        for (int i = 0; i < 1 + random.nextInt(2) && seed % 2 != 0; i++) {
            Role role = w.randomRole("viewer's " + i);
            w.roles.add(role);
            w.assignments.add(
                    switch (random.nextInt(3)) {
                        case 0 -> new Assignment(uuid(random), role.id(), w.viewer, null, false);
                        case 1 ->
                            w.memberships.get(w.viewer).isEmpty()
                                    ? new Assignment(uuid(random), role.id(), null, null, true)
                                    : new Assignment(
                                            uuid(random),
                                            role.id(),
                                            null,
                                            w.memberships.get(w.viewer).get(0),
                                            false);
                        default -> new Assignment(uuid(random), role.id(), null, null, true);
                    });
        }
        if (seed % 4 == 1) {
            w.manager = true;
            Map<String, Object> manages = new LinkedHashMap<>(body("viewer's managing", Map.of(), Map.of()));
            manages.put("system", List.of("roles.manage"));
            Role managing = new Role(uuid(random), "viewer's managing", manages);
            w.roles.add(managing);
            w.assignments.add(new Assignment(uuid(random), managing.id(), w.viewer, null, false));
        }
        Role others = w.randomRole("others'");
        w.roles.add(others);
        for (UUID user : w.users.subList(1, w.users.size())) {
            w.assignments.add(new Assignment(uuid(random), others.id(), user, null, false));
        }
        w.sharingRules.addAll(TwinRules.random(seed, w));
        w.records();
        // Three worlds in four are read while someone who is not the viewer is being offboarded, to
        // anyone else (the viewer or a colleague of theirs included).
        if (random.nextInt(4) != 0) {
            UUID from = w.pick(w.users.subList(1, w.users.size()));
            UUID to = w.pick(w.users.stream().filter(u -> !u.equals(from)).toList());
            w.overlay = new Overlay(from, to, uuid(random));
        }
        return w;
    }

    private Role randomRole(String name) {
        Map<String, Object> entities = new LinkedHashMap<>();
        for (String entity : ENTITIES) {
            Map<String, Object> actions = new LinkedHashMap<>();
            for (String action : List.of("read", "update", "delete", "export")) {
                if (random.nextInt(5) != 0) {
                    actions.put(action, grant(entity));
                }
            }
            entities.put(entity, actions);
        }
        Map<String, Object> stageEntries = new LinkedHashMap<>();
        for (UUID stage : stages) {
            if (random.nextInt(4) == 0) {
                stageEntries.put(stage.toString(), Map.of("read", grant("deal")));
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        // In a fixed order (not the map's, which changes from run to run): a seed makes one world.
        for (String entity : ENTITIES) {
            Map<String, Object> access = new LinkedHashMap<>();
            for (String key : GUARDED.get(entity)) {
                if (random.nextInt(3) == 0) {
                    access.put(key, random.nextBoolean() ? "HIDDEN" : "READ");
                }
            }
            if (!access.isEmpty()) {
                fields.put(entity, access);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("entities", entities);
        body.put("stages", stageEntries);
        body.put("fields", fields);
        body.put("system", List.of());
        return new Role(uuid(random), name, body);
    }

    private static Map<String, Object> levels(String read, String update, String delete) {
        return Map.of(
                "read", Map.of("level", read),
                "update", Map.of("level", update),
                "delete", Map.of("level", delete),
                "export", Map.of("level", read));
    }

    private static Map<String, Object> body(String name, Map<String, Object> entities, Map<String, Object> fields) {
        return Map.of("name", name, "entities", entities, "stages", Map.of(), "fields", fields, "system", List.of());
    }

    /** Own deals, contacts and companies; every activity and note. */
    private static Map<String, Object> childrenRole() {
        return body(
                "viewer's shaped",
                Map.of(
                        "deal", levels("OWN", "OWN", "NONE"),
                        "contact", levels("OWN", "OWN", "NONE"),
                        "company", levels("OWN", "OWN", "NONE"),
                        "activity", levels("ALL", "ALL", "ALL"),
                        "note", levels("ALL", "ALL", "ALL")),
                Map.of());
    }

    /**
     * Everything read; every deal changed and deleted (so that a change of its hidden owner or stage
     * is no change of what the viewer may do), own contacts, companies and activities changed; owner,
     * stage, title, amount (which the reports must then not sum) and e-mail hidden, and an activity's
     * deal; notes deleted unseen.
     */
    private static Map<String, Object> hiddenRole() {
        return body(
                "viewer's shaped",
                Map.of(
                        "deal", levels("ALL", "ALL", "ALL"),
                        "contact", levels("ALL", "OWN", "NONE"),
                        "company", levels("ALL", "OWN", "NONE"),
                        "activity", levels("ALL", "OWN", "NONE"),
                        "note", levels("NONE", "NONE", "ALL")),
                Map.of(
                        "deal",
                        Map.of("ownerId", "HIDDEN", "stageId", "HIDDEN", "title", "HIDDEN", "amount", "HIDDEN"),
                        "contact",
                        Map.of("email", "HIDDEN", "ownerId", "HIDDEN"),
                        "activity",
                        Map.of("dealId", "HIDDEN")));
    }

    private Map<String, Object> grant(String entity) {
        String level = List.of("NONE", "OWN", "DEPARTMENT", "SUBDEPARTMENTS", "ALL", "ALL")
                .get(random.nextInt(6));
        if ((entity.equals("deal") || entity.equals("contact")) && random.nextInt(4) == 0) {
            Map<String, Object> byRegion = Map.of("field", "region", "op", "in", "values", List.of(pick(REGIONS)));
            Map<String, Object> byOther = Map.of(
                    "field",
                    entity.equals("deal") ? "amount" : "lastName",
                    "op",
                    "gte",
                    "value",
                    entity.equals("deal") ? (Object) (random.nextInt(3) * 100) : "M");
            // Either alone, or both under any/all: a hidden region's part must not show through the other.
            Map<String, Object> condition = switch (random.nextInt(4)) {
                case 0 -> byRegion;
                case 1 -> byOther;
                default -> Map.of(random.nextBoolean() ? "any" : "all", List.of(byRegion, byOther));
            };
            return Map.of("level", level, "condition", condition);
        }
        return Map.of("level", level);
    }

    private void records() {
        List<UUID> companies = new ArrayList<>();
        List<UUID> contacts = new ArrayList<>();
        List<UUID> deals = new ArrayList<>();
        for (int i = 0; i < 2 + random.nextInt(2); i++) {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("name", secret("company"));
            columns.put("domain", secret("domain") + ".test");
            Row row = row("company", columns, Map.of());
            companies.add(row.id());
        }
        for (int i = 0; i < 3 + random.nextInt(4); i++) {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("first_name", secret("first"));
            columns.put("last_name", secret("last"));
            columns.put("email", secret("mail") + "@x.test");
            columns.put("phone", "+55 " + random.nextInt(100_000));
            columns.put("company_id", random.nextBoolean() ? pick(companies) : null);
            contacts.add(row("contact", columns, region()).id());
        }
        for (int i = 0; i < 3 + random.nextInt(5); i++) {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("title", secret("deal"));
            columns.put("amount", random.nextInt(4) == 0 ? null : BigDecimal.valueOf(random.nextInt(3) * 100L + 50));
            columns.put("currency", "BRL");
            columns.put("pipeline_id", pipeline);
            columns.put("stage_id", pick(stages));
            columns.put("company_id", random.nextBoolean() ? pick(companies) : null);
            deals.add(row("deal", columns, region()).id());
        }
        for (UUID deal : deals) {
            for (UUID contact : contacts) {
                if (random.nextInt(4) == 0) {
                    dealContacts.add(new UUID[] {deal, contact});
                }
            }
        }
        for (int i = 0; i < 2 + random.nextInt(4); i++) {
            boolean onDeal = random.nextBoolean();
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("type", pick(List.of("call", "meeting", "task")));
            columns.put("subject", secret("activity"));
            columns.put("done", random.nextBoolean());
            columns.put("due_at", dueAt());
            columns.put("deal_id", onDeal ? pick(deals) : null);
            columns.put("contact_id", onDeal ? null : pick(contacts));
            row("activity", columns, Map.of());
        }
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            int parent = random.nextInt(3);
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("body", secret("note"));
            columns.put("deal_id", parent == 0 ? pick(deals) : null);
            columns.put("contact_id", parent == 1 ? pick(contacts) : null);
            columns.put("company_id", parent == 2 ? pick(companies) : null);
            row("note", columns, Map.of());
        }
        // One note always in the recycle bin: what the bin shows of a record is then compared in every world.
        Map<String, Object> trashedNote = new LinkedHashMap<>();
        trashedNote.put("body", secret("note"));
        trashedNote.put("deal_id", pick(deals));
        trashedNote.put("contact_id", null);
        trashedNote.put("company_id", null);
        rows.add(new Row("note", uuid(random), pick(users), trashedNote, Map.of(), true));
        for (Row row : rows) {
            if (random.nextInt(3) == 0) {
                shares.add(new Share(row.table(), row.id(), pick(users), random.nextBoolean() ? "READ" : "EDIT"));
            }
        }
        for (int i = 0, count = manager ? 2 : 1 + random.nextInt(2); i < count; i++) {
            // The second list of a manager's world is someone else's without the viewer.
            boolean withoutViewer = manager && i == 1;
            // The first list is someone else's, with the viewer on it at VIEW and e-mail hidden: a
            // contact the viewer reads only through it has a field hidden by the list alone.
            UUID owner = i == 0 || withoutViewer
                    ? pick(users.subList(1, users.size()))
                    : random.nextBoolean() ? viewer : pick(users);
            List<String> hidden = new ArrayList<>();
            for (String field : List.of("email", "phone", "lastName", "region")) {
                if (random.nextInt(3) == 0 || i == 0 && field.equals("email")) {
                    hidden.add(field);
                }
            }
            SharedList list = new SharedList(uuid(random), secret("list"), owner, hidden);
            lists.add(list);
            members.add(new Member(list.id(), owner, "OWNER"));
            if (i == 0) {
                members.add(new Member(list.id(), viewer, "VIEW"));
            }
            for (UUID user : users) {
                if (!user.equals(owner)
                        && !((i == 0 || withoutViewer) && user.equals(viewer))
                        && random.nextInt(2) == 0) {
                    members.add(new Member(list.id(), user, pick(List.of("VIEW", "EDIT", "DELETE", "MANAGER"))));
                }
            }
            for (UUID contact : contacts) {
                if (random.nextInt(2) == 0) {
                    entries.add(new Entry(
                            list.id(),
                            contact,
                            owner,
                            pick(List.of("VIEW", "EDIT", "DELETE")),
                            random.nextInt(3) == 0 ? List.of("email") : List.of(),
                            random.nextInt(3) == 0 ? List.of("phone") : List.of()));
                }
            }
        }
        for (Row row : rows) {
            if (List.of("contact", "company", "deal").contains(row.table()) && random.nextInt(3) == 0) {
                comments.add(new Comment(
                        uuid(random), row.table(), row.id(), pick(users), secret("comment"), random.nextInt(4) == 0));
            }
        }
    }

    private Map<String, Object> region() {
        return random.nextInt(4) == 0 ? Map.of() : Map.of("region", pick(REGIONS));
    }

    private Row row(String table, Map<String, Object> columns, Map<String, Object> custom) {
        Row row = new Row(table, uuid(random), pick(users), columns, custom, random.nextInt(6) == 0);
        rows.add(row);
        return row;
    }

    /** An id drawn from the seed, so that a seed makes the same world twice. */
    static UUID uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong());
    }

    /** A value unique to this world: searching for it tells whether anything holds it. */
    /** A due time around 2025-01-10, the day the probes count activities due from, or none. */
    OffsetDateTime dueAt() {
        return random.nextInt(4) == 0
                ? null
                : OffsetDateTime.of(2025, 1, 1 + random.nextInt(20), random.nextInt(24), 0, 0, 0, ZoneOffset.UTC);
    }

    String secret(String kind) {
        return kind + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** The same world, to be changed where the viewer cannot see. */
    TwinWorld copy() {
        TwinWorld twin = new TwinWorld(new Random(random.nextLong()), viewer, pipeline);
        twin.manager = manager;
        twin.stages.addAll(stages);
        twin.departments.addAll(departments);
        twin.users.addAll(users);
        twin.memberships.putAll(memberships);
        twin.roles.addAll(roles);
        twin.assignments.addAll(assignments);
        twin.rows.addAll(rows);
        twin.dealContacts.addAll(dealContacts);
        twin.shares.addAll(shares);
        twin.lists.addAll(lists);
        twin.members.addAll(members);
        twin.entries.addAll(entries);
        twin.comments.addAll(comments);
        twin.sharingRules.addAll(sharingRules);
        twin.overlay = overlay;
        return twin;
    }

    /** The text values of a row (built-in text columns and custom text), which its twin may change. */
    static Set<String> textColumns() {
        return Set.of("first_name", "last_name", "email", "name", "domain", "title", "subject", "body");
    }

    /** The API's key of a column whose values a probe writes back, or null for the others. */
    static String keyOf(String column) {
        return switch (column) {
            case "first_name" -> "firstName";
            case "last_name" -> "lastName";
            case "email", "phone", "name", "domain", "title", "subject", "body", "amount" -> column;
            default -> null;
        };
    }

    /** Who owns the row as every read sees it: the successor while the overlay names its stored owner. */
    UUID ownerOf(Row row) {
        return overlay != null && row.owner().equals(overlay.from()) ? overlay.to() : row.owner();
    }

    Row find(UUID id) {
        return rows.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    void replace(Row row) {
        rows.replaceAll(r -> r.id().equals(row.id()) ? row : r);
    }
}
