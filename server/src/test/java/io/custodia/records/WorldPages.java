package io.custodia.records;

import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.DEAL;

import io.custodia.ApiTest;
import io.custodia.access.OwnerUnits;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Scope;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jooq.DSLContext;

/** How ScopeSqlAgreesWithTheEngineTest reads its random workspaces' lists, and changes their deals. */
final class WorldPages {
    private WorldPages() {}

    /** Every record of the type, read on no one's behalf. */
    static List<RecordRow> all(RecordListing records, RecordType type, UUID ws, FieldCatalog catalog) {
        return records.page(
                type,
                ws,
                null,
                Scope.EVERYTHING,
                catalog,
                RecordListing.Filters.NONE,
                RecordListing.Sort.NAME,
                null,
                1_000);
    }

    /** The user's list read page by page, three records at a time. */
    static List<UUID> pagedThrough(
            RecordListing records, RecordType type, UUID ws, UUID user, Scope scope, FieldCatalog catalog) {
        List<UUID> listed = new ArrayList<>();
        List<String> after = null;
        while (true) {
            List<RecordRow> page = records.page(
                    type,
                    ws,
                    user,
                    scope,
                    catalog,
                    RecordListing.Filters.NONE,
                    RecordListing.Sort.UPDATED_AT_DESC,
                    after,
                    3);
            page.forEach(row -> listed.add(row.id()));
            if (page.size() < 3) {
                return listed;
            }
            RecordRow last = page.get(2);
            after = List.of(last.updatedAt().toString(), last.id().toString());
        }
    }

    /**
     * Deals changed after they were counted, every way the kept sums must follow: another stage,
     * owner, amount or currency, the recycle bin and back, and deleted outright.
     */
    static void churn(DSLContext db, OwnerUnits units, UUID ws, List<UUID> users, List<UUID> stages, Random random) {
        List<UUID> deals =
                db.select(DEAL.ID).from(DEAL).where(DEAL.WORKSPACE_ID.eq(ws)).fetch(DEAL.ID);
        for (UUID deal : deals.subList(0, deals.size() / 4)) {
            var change = db.update(DEAL);
            var set = switch (random.nextInt(6)) {
                case 0 -> change.set(DEAL.STAGE_ID, stages.get(random.nextInt(stages.size())));
                case 1 -> {
                    // As the server gives a deal to another owner: with the key its rows should carry.
                    UUID owner = users.get(random.nextInt(users.size()));
                    yield change.set(DEAL.OWNER_ID, owner).set(DEAL.OWNER_UNIT, units.unitForWriteOf(ws, owner));
                }
                case 2 -> change.set(DEAL.AMOUNT, random.nextBoolean() ? null : BigDecimal.valueOf(12_345, 2));
                case 3 -> change.set(DEAL.CURRENCY, random.nextBoolean() ? null : "EUR");
                case 4 -> change.set(DEAL.DELETED_AT, random.nextBoolean() ? OffsetDateTime.now() : null);
                default -> null;
            };
            if (set == null) {
                db.deleteFrom(DEAL)
                        .where(DEAL.WORKSPACE_ID.eq(ws).and(DEAL.ID.eq(deal)))
                        .execute();
            } else {
                set.where(DEAL.WORKSPACE_ID.eq(ws).and(DEAL.ID.eq(deal))).execute();
            }
        }
    }

    /** A person of the workspace who cannot sign in. */
    static UUID insertUser(DSLContext db, ApiTest.Tenant t, int i) {
        UUID u = UUID.randomUUID();
        db.insertInto(APP_USER)
                .set(APP_USER.WORKSPACE_ID, t.id())
                .set(APP_USER.ID, u)
                .set(APP_USER.EMAIL, "u" + i + "@" + t.slug() + ".test")
                .set(APP_USER.NAME, "U" + i)
                .set(APP_USER.PASSWORD_HASH, "unusable")
                .execute();
        return u;
    }
}
