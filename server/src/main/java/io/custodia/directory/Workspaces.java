package io.custodia.directory;

import static io.custodia.platform.db.Tables.WORKSPACE;

import io.custodia.platform.Tenancy;
import io.custodia.policy.ConflictRule;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** The tenants. */
@Repository
public class Workspaces {
    private final DSLContext db;

    Workspaces(DSLContext db) {
        this.db = db;
    }

    /** Creates a workspace; false when the slug is taken. */
    boolean create(UUID id, String slug, String name) {
        return db.insertInto(WORKSPACE)
                        .set(WORKSPACE.ID, id)
                        .set(WORKSPACE.SLUG, slug)
                        .set(WORKSPACE.NAME, name)
                        .onConflict(WORKSPACE.SLUG)
                        .doNothing()
                        .execute()
                == 1;
    }

    /** Whether the server holds any workspace at all (a fresh server holds none). */
    boolean anyExists() {
        return Tenancy.acrossWorkspaces(() -> db.fetchExists(WORKSPACE));
    }

    public Optional<UUID> idOf(String slug) {
        return db.select(WORKSPACE.ID)
                .from(WORKSPACE)
                .where(WORKSPACE.SLUG.eq(slug))
                .fetchOptional(WORKSPACE.ID);
    }

    public ConflictRule conflictRule(UUID workspaceId) {
        return ConflictRule.valueOf(db.select(WORKSPACE.CONFLICT_RULE)
                .from(WORKSPACE)
                .where(WORKSPACE.ID.eq(workspaceId))
                .fetchOne(WORKSPACE.CONFLICT_RULE));
    }

    void setConflictRule(UUID workspaceId, ConflictRule rule) {
        db.update(WORKSPACE)
                .set(WORKSPACE.CONFLICT_RULE, rule.name())
                .where(WORKSPACE.ID.eq(workspaceId))
                .execute();
    }

    TwoFactorPolicy twoFactor(UUID workspaceId) {
        return TwoFactorPolicy.ofColumn(db.select(WORKSPACE.TWO_FACTOR)
                .from(WORKSPACE)
                .where(WORKSPACE.ID.eq(workspaceId))
                .fetchOne(WORKSPACE.TWO_FACTOR));
    }

    void setTwoFactor(UUID workspaceId, TwoFactorPolicy policy) {
        db.update(WORKSPACE)
                .set(WORKSPACE.TWO_FACTOR, policy.column())
                .where(WORKSPACE.ID.eq(workspaceId))
                .execute();
    }

    record Summary(UUID id, String slug, String name, ConflictRule conflictRule, TwoFactorPolicy twoFactor) {}

    Summary summary(UUID workspaceId) {
        return db.select(WORKSPACE.ID, WORKSPACE.SLUG, WORKSPACE.NAME, WORKSPACE.CONFLICT_RULE, WORKSPACE.TWO_FACTOR)
                .from(WORKSPACE)
                .where(WORKSPACE.ID.eq(workspaceId))
                .fetchOne(r -> new Summary(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        ConflictRule.valueOf(r.value4()),
                        TwoFactorPolicy.ofColumn(r.value5())));
    }
}
