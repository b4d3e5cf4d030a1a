package io.custodia.records;

import static io.custodia.platform.db.Tables.LIST_CONTACT;

import io.custodia.access.AccessPolicies;
import io.custodia.access.RecordLookup;
import io.custodia.platform.Tenancy;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.ListLevel;
import io.custodia.policy.ListLoan;
import io.custodia.policy.Scope;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Entries put on shared lists before lists lent only what their adder held are assessed once, at
 * start: each takes what its adder's roles hold on the contact now ({@link CompiledAccess#loanOf}).
 * Until then such an entry lends VIEW (the migration's default). An adder whose roles no longer
 * read the contact leaves it at VIEW, with the fields those roles hide withheld.
 */
@Component
class ListEntriesAssessed implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(ListEntriesAssessed.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final AccessPolicies access;
    private final RecordLookup records;
    private final TransactionTemplate transactions;

    ListEntriesAssessed(DSLContext db, AccessPolicies access, RecordLookup records, TransactionTemplate transactions) {
        this.db = db;
        this.access = access;
        this.records = records;
        this.transactions = transactions;
    }

    private record Entry(UUID workspaceId, UUID listId, UUID contactId, UUID addedBy) {}

    @Override
    public void run(ApplicationArguments args) {
        List<Entry> entries = Tenancy.acrossWorkspaces(() -> db.select(
                        LIST_CONTACT.WORKSPACE_ID, LIST_CONTACT.LIST_ID, LIST_CONTACT.CONTACT_ID, LIST_CONTACT.ADDED_BY)
                .from(LIST_CONTACT)
                .where(LIST_CONTACT.ASSESSED.isFalse())
                .fetch(r -> new Entry(r.value1(), r.value2(), r.value3(), r.value4())));
        for (Entry e : entries) {
            Tenancy.in(e.workspaceId(), () -> transactions.executeWithoutResult(status -> assess(e)));
        }
        if (!entries.isEmpty()) {
            log.info(
                    "Assessed {} shared-list entries made before lists lent only what their adder held",
                    entries.size());
        }
    }

    private void assess(Entry e) {
        CompiledAccess adder = access.accessOf(e.workspaceId(), e.addedBy());
        ListLoan loan = records.facts(e.workspaceId(), EntityType.CONTACT, e.contactId(), Scope.EVERYTHING)
                .map(adder::loanOf)
                .orElse(null);
        if (loan == null) {
            loan = new ListLoan(
                    ListLevel.VIEW, adder.hiddenFields(EntityType.CONTACT), adder.readOnlyFields(EntityType.CONTACT));
        }
        db.update(LIST_CONTACT)
                .set(LIST_CONTACT.LENDS, loan.lends().name())
                .set(LIST_CONTACT.WITHHELD, JSONB.valueOf(JSON.writeValueAsString(loan.withheld())))
                .set(LIST_CONTACT.READ_ONLY, JSONB.valueOf(JSON.writeValueAsString(loan.readOnly())))
                .set(LIST_CONTACT.ASSESSED, true)
                .where(LIST_CONTACT.WORKSPACE_ID.eq(e.workspaceId()))
                .and(LIST_CONTACT.LIST_ID.eq(e.listId()))
                .and(LIST_CONTACT.CONTACT_ID.eq(e.contactId()))
                .execute();
    }
}
