package io.custodia.bench;

import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.DEPARTMENT;
import static io.custodia.platform.db.Tables.DEPARTMENT_MEMBER;
import static io.custodia.platform.db.Tables.PIPELINE_STAGE;
import static io.custodia.platform.db.Tables.USER_UNIT;
import static io.custodia.platform.db.Tables.WORKSPACE;

import io.custodia.platform.db.Tables;
import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Makes the list benchmark's world once, through COPY, and reads it back on later runs. */
abstract class ListWorldGenerator extends ListBench {

    ListWorldGenerator(ConfigurableApplicationContext app, int deals) {
        super(app, deals);
    }

    // ------------------------------------------------------------------ generation

    World loadedWorld() {
        UUID ws = db.select(WORKSPACE.ID)
                .from(WORKSPACE)
                .where(WORKSPACE.SLUG.eq(SLUG))
                .fetchOne(WORKSPACE.ID);
        if (ws == null || db.fetchCount(Tables.DEAL, Tables.DEAL.WORKSPACE_ID.eq(ws)) < deals) {
            return null;
        }
        UUID admin = db.select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.WORKSPACE_ID.eq(ws).and(APP_USER.EMAIL.eq(ADMIN)))
                .fetchOne(APP_USER.ID);
        List<UUID> users = db.select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.WORKSPACE_ID.eq(ws).and(APP_USER.EMAIL.like("u%@bench.test")))
                .orderBy(APP_USER.EMAIL)
                .fetch(APP_USER.ID);
        Map<UUID, UUID> parentOf = new LinkedHashMap<>();
        db.select(DEPARTMENT.ID, DEPARTMENT.PARENT_ID)
                .from(DEPARTMENT)
                .where(DEPARTMENT.WORKSPACE_ID.eq(ws))
                .orderBy(DEPARTMENT.NAME)
                .forEach(r -> parentOf.put(r.value1(), r.value2()));
        Map<UUID, List<UUID>> membersOf = new HashMap<>();
        Map<UUID, UUID> departmentOf = new HashMap<>();
        Set<UUID> generated = new HashSet<>(users);
        db.select(DEPARTMENT_MEMBER.DEPARTMENT_ID, DEPARTMENT_MEMBER.USER_ID)
                .from(DEPARTMENT_MEMBER)
                .where(DEPARTMENT_MEMBER.WORKSPACE_ID.eq(ws))
                // Only the generated users: the org-change phase adds one of its own.
                .forEach(r -> {
                    if (!generated.contains(r.value2())) {
                        return;
                    }
                    membersOf
                            .computeIfAbsent(r.value1(), d -> new ArrayList<>())
                            .add(r.value2());
                    departmentOf.put(r.value2(), r.value1());
                });
        List<UUID> stages = db.select(PIPELINE_STAGE.ID)
                .from(PIPELINE_STAGE)
                .where(PIPELINE_STAGE.WORKSPACE_ID.eq(ws))
                .orderBy(PIPELINE_STAGE.POSITION)
                .fetch(PIPELINE_STAGE.ID);
        UUID pipeline = db.select(PIPELINE_STAGE.PIPELINE_ID)
                .from(PIPELINE_STAGE)
                .where(PIPELINE_STAGE.WORKSPACE_ID.eq(ws))
                .limit(1)
                .fetchOne(PIPELINE_STAGE.PIPELINE_ID);
        return new World(
                ws,
                admin,
                users,
                new ArrayList<>(parentOf.keySet()),
                parentOf,
                membersOf,
                departmentOf,
                pipeline,
                stages,
                users.get(0));
    }

    void generate() throws Exception {
        long started = System.nanoTime();
        UUID stale = db.select(WORKSPACE.ID)
                .from(WORKSPACE)
                .where(WORKSPACE.SLUG.eq(SLUG))
                .fetchOne(WORKSPACE.ID);
        if (stale != null) {
            throw new IllegalStateException("an incomplete benchmark workspace exists; delete the data directory");
        }
        JsonNode created = post(
                "/api/v1/workspaces",
                null,
                Map.of(
                        "name",
                        "Benchmark",
                        "slug",
                        SLUG,
                        "admin",
                        Map.of("email", ADMIN, "name", "Admin", "password", PASSWORD)));
        UUID ws = UUID.fromString(created.get("id").asString());
        token = login();
        List<Map<String, Object>> stageBodies = new ArrayList<>();
        for (int s = 0; s < STAGES; s++) {
            stageBodies.add(
                    Map.of("name", "Stage " + s, "kind", s == STAGES - 2 ? "WON" : s == STAGES - 1 ? "LOST" : "OPEN"));
        }
        JsonNode pipeline = post("/api/v1/pipelines", token, Map.of("name", "Sales", "stages", stageBodies));
        UUID pipelineId = UUID.fromString(pipeline.get("id").asString());
        List<UUID> stages = pipeline.get("stages")
                .valueStream()
                .map(s -> UUID.fromString(s.get("id").asString()))
                .toList();
        List<String> regions = new ArrayList<>();
        for (int r = 0; r < REGIONS; r++) {
            regions.add(String.format("R%02d", r));
        }
        post(
                "/api/v1/fields",
                token,
                Map.of("entity", "deal", "key", "region", "label", "Region", "type", "select", "options", regions));

        // 200 departments, depth 4: 4 at the top, 4 under each (16), 4 under each of those (64),
        // and the remaining 116 spread under the third level.
        Random random = new Random(42);
        List<UUID> departments = new ArrayList<>();
        Map<UUID, UUID> parentOf = new LinkedHashMap<>();
        List<UUID> level = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            level.add(department(ws, null, departments, parentOf));
        }
        for (int depth = 2; depth <= 3; depth++) {
            List<UUID> next = new ArrayList<>();
            for (UUID parent : level) {
                for (int i = 0; i < 4; i++) {
                    next.add(department(ws, parent, departments, parentOf));
                }
            }
            level = next;
        }
        for (int i = 0; departments.size() < 200; i++) {
            department(ws, level.get(i % level.size()), departments, parentOf);
        }
        List<UUID> users = new ArrayList<>();
        var userInsert = db.batch(db.insertInto(APP_USER)
                .columns(APP_USER.WORKSPACE_ID, APP_USER.ID, APP_USER.EMAIL, APP_USER.NAME, APP_USER.PASSWORD_HASH)
                .values((UUID) null, null, null, null, null));
        var memberInsert = db.batch(db.insertInto(DEPARTMENT_MEMBER)
                .columns(DEPARTMENT_MEMBER.WORKSPACE_ID, DEPARTMENT_MEMBER.DEPARTMENT_ID, DEPARTMENT_MEMBER.USER_ID)
                .values((UUID) null, null, null));
        var unitInsert = db.batch(db.insertInto(USER_UNIT)
                .columns(USER_UNIT.WORKSPACE_ID, USER_UNIT.USER_ID, USER_UNIT.UNIT_ID)
                .values((UUID) null, null, null));
        Map<UUID, UUID> departmentOf = new HashMap<>();
        for (int i = 0; i < USERS; i++) {
            UUID user = UUID.randomUUID();
            UUID department = departments.get(i % departments.size());
            users.add(user);
            departmentOf.put(user, department);
            userInsert.bind(ws, user, String.format("u%05d@bench.test", i), "User " + i, "not a password hash");
            memberInsert.bind(ws, department, user);
            unitInsert.bind(ws, user, department);
        }
        tx.executeWithoutResult(s -> {
            userInsert.execute();
            memberInsert.execute();
            unitInsert.execute();
        });
        System.out.printf("directory made in %.1f s%n", (System.nanoTime() - started) / 1e9);

        String[] regionOf = regions.toArray(String[]::new);
        copyDeals(ws, pipelineId, stages, users, departmentOf, regionOf, random);
        copyContacts(ws, users, departmentOf, random);
        tx.executeWithoutResult(s -> access.changed(ws));
        System.out.printf("world generated in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    /**
     * Shares 1 % of the deals, each with one of {@link #SHARE_HOLDERS} people outside every case's
     * department and subtree (once; data generated before 2026-12-03 gets them on its next run), as
     * in a workspace where people share. With the share table nearly empty, its statistics say one
     * row, and PostgreSQL looks up each listed row's shares by scanning that table instead of its
     * index (0.28 ms for own's statement against 0.15 under pgbench, 2026-12-03): a state no such
     * workspace is in.
     */
    void backgroundShares() throws Exception {
        UUID ws = world.workspace();
        // More shares than holders: made by an earlier run (the cases themselves give one or two).
        if (db.fetchCount(Tables.RECORD_SHARE) > SHARE_HOLDERS) {
            return;
        }
        long started = System.nanoTime();
        Set<UUID> caseUsers = new HashSet<>(world.users().subList(0, 20));
        caseUsers.add(world.heavyOwner());
        caseUsers.addAll(world.membersOf().get(world.departmentOf().get(world.heavyOwner())));
        subtree(secondLevelDepartment())
                .forEach(d -> caseUsers.addAll(world.membersOf().getOrDefault(d, List.of())));
        UUID[] holders = world.users().stream()
                .filter(u -> !caseUsers.contains(u))
                .limit(SHARE_HOLDERS)
                .toArray(UUID[]::new);
        try (Connection c = schemaOwner.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into record_share (workspace_id, record_type, record_id, user_id, share_level, created_by)
                    select workspace_id, 'deal', id, holder, 'READ', ?
                    from (select workspace_id, id, owner_id, (?::uuid[])[1 + (row_number() over () % ?)] as holder
                          from deal tablesample bernoulli (1.1) repeatable (42)
                          where workspace_id = ? and deleted_at is null) sampled
                    where owner_id <> holder
                    limit ?
                    on conflict do nothing""")) {
                insert.setObject(1, world.adminId());
                insert.setArray(2, c.createArrayOf("uuid", holders));
                insert.setInt(3, holders.length);
                insert.setObject(4, ws);
                insert.setInt(5, BACKGROUND_SHARES);
                insert.executeUpdate();
            }
            try (Statement vacuum = c.createStatement()) {
                vacuum.execute("vacuum (analyze) record_share");
            }
        }
        // The shares came in behind the server's back: its keys learn the holders by a reload.
        tx.executeWithoutResult(s -> access.changed(ws));
        System.out.printf(
                "%,d deals shared with %,d people (%.0f s)%n",
                db.fetchCount(Tables.RECORD_SHARE), holders.length, (System.nanoTime() - started) / 1e9);
    }

    UUID department(UUID ws, UUID parent, List<UUID> departments, Map<UUID, UUID> parentOf) {
        UUID id = UUID.randomUUID();
        db.insertInto(DEPARTMENT)
                .set(DEPARTMENT.WORKSPACE_ID, ws)
                .set(DEPARTMENT.ID, id)
                .set(DEPARTMENT.NAME, String.format("D%03d", departments.size()))
                .set(DEPARTMENT.PARENT_ID, parent)
                .execute();
        departments.add(id);
        parentOf.put(id, parent);
        return id;
    }

    /** Drops the table's secondary indexes, COPYs the rows, builds the indexes again, vacuums. */
    void bulkLoad(String table, String columns, RowSource rows, long count) throws Exception {
        bulkLoad(schemaOwner, table, columns, rows, count);
    }

    /** Loads a table through COPY with its indexes dropped and rebuilt afterwards, then analyses it. */
    static void bulkLoad(DataSource dataSource, String table, String columns, RowSource rows, long count)
            throws Exception {
        long started = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            List<String> indexes = new ArrayList<>();
            List<String> names = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("select indexname, indexdef from pg_indexes where tablename = '"
                            + table + "' and indexname not like '%\\_pk'")) {
                while (r.next()) {
                    names.add(r.getString(1));
                    indexes.add(r.getString(2));
                }
            }
            try (Statement s = c.createStatement()) {
                for (String name : names) {
                    s.execute("drop index " + name);
                }
                // Foreign keys are checked by triggers per row; the generator's rows are right by construction.
                s.execute("set session_replication_role = replica");
            }
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            long loaded = 0;
            while (loaded < count) {
                int chunk = (int) Math.min(200_000, count - loaded);
                copy.copyIn("copy " + table + " (" + columns + ") from stdin (format csv)", rows.next(chunk));
                loaded += chunk;
                if (loaded % 1_000_000 == 0 || loaded == count) {
                    System.out.printf(
                            "  %s: %,d rows loaded (%.0f s)%n", table, loaded, (System.nanoTime() - started) / 1e9);
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("set session_replication_role = origin");
                s.execute("set maintenance_work_mem = '1GB'");
                for (String index : indexes) {
                    s.execute(index);
                }
                s.execute("vacuum (analyze) " + table);
            }
        }
        System.out.printf("  %s: indexed and vacuumed (%.0f s)%n", table, (System.nanoTime() - started) / 1e9);
    }

    interface RowSource {
        Reader next(int rows);
    }

    void copyDeals(
            UUID ws,
            UUID pipelineId,
            List<UUID> stages,
            List<UUID> users,
            Map<UUID, UUID> departmentOf,
            String[] regions,
            Random random)
            throws Exception {
        long now = System.currentTimeMillis();
        long twoYears = 730L * 24 * 3600 * 1000;
        long[] sequence = {0};
        int others = users.size() - 1;
        bulkLoad(
                "deal",
                "workspace_id, id, owner_id, owner_unit, title, amount, currency, pipeline_id, stage_id, fields, created_at, updated_at",
                rows -> {
                    StringBuilder csv = new StringBuilder(rows * 260);
                    for (int i = 0; i < rows; i++) {
                        long n = sequence[0]++;
                        // The first user owns 200,000 deals; the others share the rest evenly.
                        UUID owner = n < HEAVY_DEALS ? users.get(0) : users.get(1 + (int) (n % others));
                        long updated = now - (long) (random.nextDouble() * twoYears);
                        csv.append(ws)
                                .append(',')
                                .append(new UUID(0x0190000000007000L | (n << 16), random.nextLong()))
                                .append(',')
                                .append(owner)
                                .append(',')
                                .append(departmentOf.get(owner))
                                .append(",Deal ")
                                .append(n)
                                .append(',')
                                .append(random.nextInt(100_000))
                                .append(",BRL,")
                                .append(pipelineId)
                                .append(',')
                                .append(stages.get(random.nextInt(stages.size())))
                                .append(",\"{\"\"region\"\": \"\"")
                                .append(regions[random.nextInt(regions.length)])
                                .append("\"\"}\",")
                                .append(Instant.ofEpochMilli(updated - random.nextInt(1_000_000_000)))
                                .append(',')
                                .append(Instant.ofEpochMilli(updated))
                                .append('\n');
                    }
                    return new StringReader(csv.toString());
                },
                deals);
    }

    void copyContacts(UUID ws, List<UUID> users, Map<UUID, UUID> departmentOf, Random random) throws Exception {
        long[] sequence = {0};
        bulkLoad(
                "contact",
                "workspace_id, id, owner_id, owner_unit, first_name, last_name, email",
                rows -> {
                    StringBuilder csv = new StringBuilder(rows * 160);
                    for (int i = 0; i < rows; i++) {
                        long n = sequence[0]++;
                        UUID owner = users.get((int) (n % users.size()));
                        csv.append(ws)
                                .append(',')
                                .append(new UUID(0x0190000000007000L | (n << 16), random.nextLong()))
                                .append(',')
                                .append(owner)
                                .append(',')
                                .append(departmentOf.get(owner))
                                .append(",Contact,")
                                .append(n)
                                .append(",c")
                                .append(n)
                                .append("@example.test\n");
                    }
                    return new StringReader(csv.toString());
                },
                CONTACTS);
    }
}
