package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** A statement rendered once is run with each call's values in their places, and refused when it cannot be. */
class RenderedOnceTest {
    private static final DSLContext SQL = DSL.using(SQLDialect.POSTGRES);
    private static final Field<UUID> WORKSPACE = DSL.field(DSL.name("workspace_id"), SQLDataType.UUID);
    private static final Field<UUID> ID = DSL.field(DSL.name("id"), SQLDataType.UUID);
    private static final Field<String> NAME = DSL.field(DSL.name("name"), SQLDataType.VARCHAR);

    @Test
    void laterCallsBindTheirOwnValuesWhereverTheFirstOnesLanded() {
        RenderedOnce once = new RenderedOnce(SQL, true);
        AtomicInteger planned = new AtomicInteger();
        UUID ws = UUID.randomUUID();
        UUID[] ids = {UUID.randomUUID(), UUID.randomUUID()};
        for (int call = 0; call < 3; call++) {
            UUID other = UUID.randomUUID();
            var query = once.query(
                    "names",
                    v -> {
                        planned.incrementAndGet();
                        // The workspace twice, as a statement with a sub-select holds it.
                        return SQL.select(ID, NAME)
                                .from(DSL.table("app_user"))
                                .where(WORKSPACE.eq((UUID) v[0]))
                                .and(ID.eq(DSL.any((UUID[]) v[1])).or(ID.eq((UUID) v[2])))
                                .and(DSL.exists(DSL.selectOne()
                                        .from(DSL.table("team_member"))
                                        .where(WORKSPACE.eq((UUID) v[0]))))
                                .limit((Integer) v[3]);
                    },
                    ws,
                    ids,
                    other,
                    7);
            assertThat(query.getBindValues()).containsExactly(ws, ids, other, ws, 7L);
            assertThat(query.fields()).extracting(Field::getName).containsExactly("id", "name");
        }
        // Rendered once with stand-ins, then once per call by the verification only.
        assertThat(planned.get()).isEqualTo(1 + 3);
    }

    @Test
    void aValueTheStatementDoesNotBindIsRefused() {
        RenderedOnce once = new RenderedOnce(SQL, false);
        assertThatThrownBy(() -> once.query(
                        "pattern",
                        v -> SQL.select(NAME).from(DSL.table("app_user")).where(NAME.like("%" + v[0] + "%")),
                        "ana"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not one of its bind values");
        assertThatThrownBy(() -> once.query(
                        "inlined",
                        v -> SQL.select(NAME).from(DSL.table("app_user")).where(ID.eq(DSL.inline((UUID) v[0]))),
                        UUID.randomUUID()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStatementThatDriftsFromItsShapeFailsVerification() {
        RenderedOnce once = new RenderedOnce(SQL, true);
        List<String> tables = List.of("app_user", "team");
        AtomicInteger call = new AtomicInteger();
        once.query(
                "drifts",
                v -> SQL.select(NAME).from(DSL.table(tables.get(0))).where(ID.eq((UUID) v[0])),
                UUID.randomUUID());
        assertThatThrownBy(() -> once.query(
                        "drifts",
                        v -> SQL.select(NAME)
                                .from(DSL.table(tables.get(call.incrementAndGet() % 2)))
                                .where(ID.eq((UUID) v[0])),
                        UUID.randomUUID()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("differs from the one planned afresh");
    }
}
