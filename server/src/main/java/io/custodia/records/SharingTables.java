package io.custodia.records;

import static io.custodia.platform.db.Tables.LIST_MEMBER;
import static io.custodia.platform.db.Tables.RECORD_SHARE;

import io.custodia.access.SharingFacts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/** The share and shared-list tables as the access feature's unit keys read them ({@link SharingFacts}). */
@Component
class SharingTables implements SharingFacts {
    private final DSLContext db;

    SharingTables(DSLContext db) {
        this.db = db;
    }

    @Override
    public boolean lockOneShare(UUID workspaceId, UUID userId, String recordType) {
        return lockOneOf(
                RECORD_SHARE,
                RECORD_SHARE
                        .WORKSPACE_ID
                        .eq(workspaceId)
                        .and(RECORD_SHARE.USER_ID.eq(userId))
                        .and(RECORD_SHARE.RECORD_TYPE.eq(recordType)));
    }

    @Override
    public boolean lockOneMembership(UUID workspaceId, UUID userId) {
        return lockOneOf(LIST_MEMBER, LIST_MEMBER.WORKSPACE_ID.eq(workspaceId).and(LIST_MEMBER.USER_ID.eq(userId)));
    }

    /** Locks one row that matches against deletion until the transaction ends; false when none does. */
    private boolean lockOneOf(Table<?> table, Condition matching) {
        return db.selectOne()
                .from(table)
                .where(matching)
                .limit(1)
                .forKeyShare()
                .fetchOptional()
                .isPresent();
    }

    @Override
    public Map<UUID, Set<String>> sharesHeld(UUID workspaceId) {
        Map<UUID, Set<String>> out = new HashMap<>();
        distinct(workspaceId, RECORD_SHARE, RECORD_SHARE.WORKSPACE_ID, RECORD_SHARE.USER_ID, RECORD_SHARE.RECORD_TYPE)
                .forEach(r -> out.computeIfAbsent(r.get(0, UUID.class), u -> new HashSet<>())
                        .add(r.get(1, String.class)));
        return out;
    }

    @Override
    public Set<UUID> onLists(UUID workspaceId) {
        Set<UUID> out = new HashSet<>();
        distinct(workspaceId, LIST_MEMBER, LIST_MEMBER.WORKSPACE_ID, LIST_MEMBER.USER_ID)
                .forEach(r -> out.add(r.get(0, UUID.class)));
        return out;
    }

    /**
     * The workspace's distinct values of {@code key}, the columns after the workspace in one of the
     * table's indexes, read as a loose index scan: a recursive query that jumps from one value to
     * the next, one index descent each, however many rows share a value. So a workspace with
     * millions of shares reloads its keys as fast as one with a few.
     */
    private List<Record> distinct(UUID workspaceId, Table<?> table, Field<UUID> workspace, Field<?>... key) {
        var found = DSL.name("found");
        List<Field<?>> foundKey = new ArrayList<>();
        List<Field<?>> nextKey = new ArrayList<>();
        Table<?> next = table.as("next");
        for (Field<?> column : key) {
            foundKey.add(DSL.field(found.append(column.getUnqualifiedName()), column.getDataType()));
            nextKey.add(next.field(column));
        }
        var first = DSL.select(key)
                .from(table)
                .where(workspace.eq(workspaceId))
                .orderBy(key)
                .limit(1);
        var after = DSL.lateral(DSL.select(nextKey)
                        .from(next)
                        .where(next.field(workspace).eq(workspaceId))
                        .and(DSL.row(nextKey).gt(DSL.row(foundKey)))
                        .orderBy(nextKey.toArray(Field<?>[]::new))
                        .limit(1))
                .as("after");
        var values = found.fields(Arrays.stream(key).map(Field::getName).toArray(String[]::new))
                .as(first.unionAll(
                        DSL.select(nextKey.stream().map(after::field).toList()).from(DSL.table(found), after)));
        return db.withRecursive(values).select(foundKey).from(values).fetch();
    }
}
