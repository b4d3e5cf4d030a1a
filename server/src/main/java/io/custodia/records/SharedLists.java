package io.custodia.records;

import static io.custodia.platform.db.Tables.CONTACT_LIST;
import static io.custodia.platform.db.Tables.LIST_CONTACT;
import static io.custodia.platform.db.Tables.LIST_MEMBER;

import io.custodia.access.OwnerUnits;
import io.custodia.access.ScopeSql;
import io.custodia.policy.ListLevel;
import io.custodia.policy.ListLoan;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record2;
import org.jooq.Record5;
import org.jooq.SelectConditionStep;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared contact lists: their owner, members and levels, contacts and hidden fields. The records
 * feature owns sharing (ADR 0007); collaboration's list API and notices work through this class.
 */
@Repository
public class SharedLists {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final OwnerUnits units;

    SharedLists(DSLContext db, OwnerUnits units) {
        this.db = db;
        this.units = units;
    }

    /** A list as its members see it, with the caller's own level (null for an administrator looking after an orphaned list). */
    public record SharedList(UUID id, String name, UUID ownerId, ListLevel yourLevel, List<String> hiddenFields) {}

    /** A member of a list, and when the membership ends (null: it does not). */
    public record Member(UUID userId, ListLevel level, OffsetDateTime expiresAt) {}

    public void create(UUID ws, UUID id, String name, UUID owner) {
        db.insertInto(CONTACT_LIST)
                .set(CONTACT_LIST.WORKSPACE_ID, ws)
                .set(CONTACT_LIST.ID, id)
                .set(CONTACT_LIST.NAME, name)
                .set(CONTACT_LIST.OWNER_ID, owner)
                .execute();
        putMember(ws, id, owner, ListLevel.OWNER);
    }

    /** The list if the user is on it (at any level). */
    public Optional<SharedList> visibleTo(UUID ws, UUID id, UUID user) {
        return onListsOf(ws, user).and(CONTACT_LIST.ID.eq(id)).fetchOptional(SharedLists::sharedList);
    }

    /** The list whoever asks, with no level of theirs: for the lists of deactivated owners only (see ListController). */
    public Optional<SharedList> find(UUID ws, UUID id) {
        return unjoined(ws).and(CONTACT_LIST.ID.eq(id)).fetchOptional(SharedLists::sharedList);
    }

    /** The lists these users own, with no level of the caller's. */
    public List<SharedList> ownedBy(UUID ws, Collection<UUID> owners) {
        return unjoined(ws)
                .and(CONTACT_LIST.OWNER_ID.in(owners))
                .orderBy(CONTACT_LIST.NAME, CONTACT_LIST.ID)
                .fetch(SharedLists::sharedList);
    }

    /** How many lists the user owns. */
    public long countOwnedBy(UUID ws, UUID owner) {
        return db.fetchCount(CONTACT_LIST, CONTACT_LIST.WORKSPACE_ID.eq(ws).and(CONTACT_LIST.OWNER_ID.eq(owner)));
    }

    private SelectConditionStep<Record5<UUID, String, UUID, String, JSONB>> unjoined(UUID ws) {
        return db.select(
                        CONTACT_LIST.ID,
                        CONTACT_LIST.NAME,
                        CONTACT_LIST.OWNER_ID,
                        DSL.inline((String) null, String.class),
                        CONTACT_LIST.HIDDEN_FIELDS)
                .from(CONTACT_LIST)
                .where(CONTACT_LIST.WORKSPACE_ID.eq(ws));
    }

    public List<SharedList> of(UUID ws, UUID user) {
        return onListsOf(ws, user).orderBy(CONTACT_LIST.NAME, CONTACT_LIST.ID).fetch(SharedLists::sharedList);
    }

    private SelectConditionStep<Record5<UUID, String, UUID, String, JSONB>> onListsOf(UUID ws, UUID user) {
        return db.select(
                        CONTACT_LIST.ID,
                        CONTACT_LIST.NAME,
                        CONTACT_LIST.OWNER_ID,
                        LIST_MEMBER.LIST_LEVEL,
                        CONTACT_LIST.HIDDEN_FIELDS)
                .from(CONTACT_LIST)
                .join(LIST_MEMBER)
                .on(LIST_MEMBER.WORKSPACE_ID.eq(CONTACT_LIST.WORKSPACE_ID).and(LIST_MEMBER.LIST_ID.eq(CONTACT_LIST.ID)))
                .where(CONTACT_LIST.WORKSPACE_ID.eq(ws))
                .and(LIST_MEMBER.USER_ID.eq(user))
                .and(ScopeSql.live(LIST_MEMBER.EXPIRES_AT));
    }

    private static SharedList sharedList(Record5<UUID, String, UUID, String, JSONB> r) {
        return new SharedList(
                r.value1(),
                r.value2(),
                r.value3(),
                r.value4() == null ? null : ListLevel.valueOf(r.value4()),
                hidden(r.value5()));
    }

    public void rename(UUID ws, UUID id, String name) {
        db.update(CONTACT_LIST)
                .set(CONTACT_LIST.NAME, name)
                .where(CONTACT_LIST.WORKSPACE_ID.eq(ws).and(CONTACT_LIST.ID.eq(id)))
                .execute();
    }

    public void delete(UUID ws, UUID id) {
        db.deleteFrom(CONTACT_LIST)
                .where(CONTACT_LIST.WORKSPACE_ID.eq(ws).and(CONTACT_LIST.ID.eq(id)))
                .execute();
    }

    public List<Member> members(UUID ws, UUID id) {
        return db.select(LIST_MEMBER.USER_ID, LIST_MEMBER.LIST_LEVEL, LIST_MEMBER.EXPIRES_AT)
                .from(LIST_MEMBER)
                .where(LIST_MEMBER.WORKSPACE_ID.eq(ws).and(LIST_MEMBER.LIST_ID.eq(id)))
                .and(ScopeSql.live(LIST_MEMBER.EXPIRES_AT))
                .orderBy(LIST_MEMBER.USER_ID)
                .fetch(r -> new Member(r.value1(), ListLevel.valueOf(r.value2()), r.value3()));
    }

    /** A member of a list, with the list: a membership. */
    public record Membership(UUID listId, UUID userId, ListLevel level, OffsetDateTime expiresAt) {}

    /** Every live membership of the workspace's lists but their owners'. */
    public List<Membership> memberships(UUID ws) {
        return db.select(LIST_MEMBER.LIST_ID, LIST_MEMBER.USER_ID, LIST_MEMBER.LIST_LEVEL, LIST_MEMBER.EXPIRES_AT)
                .from(LIST_MEMBER)
                .where(LIST_MEMBER.WORKSPACE_ID.eq(ws))
                .and(LIST_MEMBER.LIST_LEVEL.ne(ListLevel.OWNER.name()))
                .and(ScopeSql.live(LIST_MEMBER.EXPIRES_AT))
                .fetch(r -> new Membership(r.value1(), r.value2(), ListLevel.valueOf(r.value3()), r.value4()));
    }

    public Optional<ListLevel> levelOf(UUID ws, UUID id, UUID user) {
        return db.select(LIST_MEMBER.LIST_LEVEL)
                .from(LIST_MEMBER)
                .where(LIST_MEMBER.WORKSPACE_ID.eq(ws))
                .and(LIST_MEMBER.LIST_ID.eq(id))
                .and(LIST_MEMBER.USER_ID.eq(user))
                .and(ScopeSql.live(LIST_MEMBER.EXPIRES_AT))
                .fetchOptional(LIST_MEMBER.LIST_LEVEL)
                .map(ListLevel::valueOf);
    }

    /** Puts the user on the list for good (an owner, a previous owner, a member with no end). */
    public void putMember(UUID ws, UUID id, UUID user, ListLevel level) {
        putMember(ws, id, user, level, null);
    }

    /** Puts the user on the list until {@code expiresAt} (null: for good); a new end replaces the old. */
    public void putMember(UUID ws, UUID id, UUID user, ListLevel level, OffsetDateTime expiresAt) {
        units.listJoined(ws, user);
        db.insertInto(LIST_MEMBER)
                .set(LIST_MEMBER.WORKSPACE_ID, ws)
                .set(LIST_MEMBER.LIST_ID, id)
                .set(LIST_MEMBER.USER_ID, user)
                .set(LIST_MEMBER.LIST_LEVEL, level.name())
                .set(LIST_MEMBER.EXPIRES_AT, expiresAt)
                .onConflict(LIST_MEMBER.WORKSPACE_ID, LIST_MEMBER.LIST_ID, LIST_MEMBER.USER_ID)
                .doUpdate()
                .set(LIST_MEMBER.LIST_LEVEL, level.name())
                .set(LIST_MEMBER.EXPIRES_AT, expiresAt)
                .set(LIST_MEMBER.EXPIRY_WARNED, false)
                .set(LIST_MEMBER.EXPIRY_AUDITED, false)
                .execute();
    }

    public void removeMember(UUID ws, UUID id, UUID user) {
        db.deleteFrom(LIST_MEMBER)
                .where(LIST_MEMBER.WORKSPACE_ID.eq(ws))
                .and(LIST_MEMBER.LIST_ID.eq(id))
                .and(LIST_MEMBER.USER_ID.eq(user))
                .execute();
    }

    /** The new owner takes OWNER; the old one becomes MANAGER. */
    public void transfer(UUID ws, UUID id, UUID from, UUID to) {
        db.update(CONTACT_LIST)
                .set(CONTACT_LIST.OWNER_ID, to)
                .where(CONTACT_LIST.WORKSPACE_ID.eq(ws).and(CONTACT_LIST.ID.eq(id)))
                .execute();
        putMember(ws, id, from, ListLevel.MANAGER);
        putMember(ws, id, to, ListLevel.OWNER);
    }

    /**
     * Puts the contact on the list with what its adder lends; false when it was already there, and
     * then the entry gives what either adder could ({@link ListLoan#and}): a second adder never
     * takes away what the first gave, nor adds more than they hold themself.
     */
    public boolean addContact(UUID ws, UUID id, UUID contact, UUID by, ListLoan loan) {
        var entry = LIST_CONTACT
                .WORKSPACE_ID
                .eq(ws)
                .and(LIST_CONTACT.LIST_ID.eq(id))
                .and(LIST_CONTACT.CONTACT_ID.eq(contact));
        var held = db.select(LIST_CONTACT.LENDS, LIST_CONTACT.WITHHELD, LIST_CONTACT.READ_ONLY)
                .from(LIST_CONTACT)
                .where(entry)
                .forUpdate()
                .fetchOptional(r -> new ListLoan(ListLevel.valueOf(r.value1()), names(r.value2()), names(r.value3())));
        if (held.isPresent()) {
            ListLoan both = held.get().and(loan);
            db.update(LIST_CONTACT)
                    .set(LIST_CONTACT.LENDS, both.lends().name())
                    .set(LIST_CONTACT.WITHHELD, jsonArray(both.withheld()))
                    .set(LIST_CONTACT.READ_ONLY, jsonArray(both.readOnly()))
                    .where(entry)
                    .execute();
            return false;
        }
        db.insertInto(LIST_CONTACT)
                .set(LIST_CONTACT.WORKSPACE_ID, ws)
                .set(LIST_CONTACT.LIST_ID, id)
                .set(LIST_CONTACT.CONTACT_ID, contact)
                .set(LIST_CONTACT.ADDED_BY, by)
                .set(LIST_CONTACT.LENDS, loan.lends().name())
                .set(LIST_CONTACT.WITHHELD, jsonArray(loan.withheld()))
                .set(LIST_CONTACT.READ_ONLY, jsonArray(loan.readOnly()))
                .execute();
        return true;
    }

    private static JSONB jsonArray(Set<String> fields) {
        return JSONB.valueOf(JSON.writeValueAsString(fields.stream().sorted().toList()));
    }

    private static Set<String> names(JSONB array) {
        return Set.copyOf(JSON.readerForListOf(String.class).<List<String>>readValue(array.data()));
    }

    public boolean removeContact(UUID ws, UUID id, UUID contact) {
        return db.deleteFrom(LIST_CONTACT)
                        .where(LIST_CONTACT.WORKSPACE_ID.eq(ws))
                        .and(LIST_CONTACT.LIST_ID.eq(id))
                        .and(LIST_CONTACT.CONTACT_ID.eq(contact))
                        .execute()
                == 1;
    }

    public void hide(UUID ws, UUID id, Set<String> fields) {
        db.update(CONTACT_LIST)
                .set(CONTACT_LIST.HIDDEN_FIELDS, jsonArray(fields))
                .where(CONTACT_LIST.WORKSPACE_ID.eq(ws).and(CONTACT_LIST.ID.eq(id)))
                .execute();
    }

    /** Owners of the lists holding the contact, with each list's name. */
    public List<Record2<UUID, String>> ownersHolding(UUID ws, UUID contact) {
        return db.select(CONTACT_LIST.OWNER_ID, CONTACT_LIST.NAME)
                .from(LIST_CONTACT)
                .join(CONTACT_LIST)
                .on(CONTACT_LIST
                        .WORKSPACE_ID
                        .eq(LIST_CONTACT.WORKSPACE_ID)
                        .and(CONTACT_LIST.ID.eq(LIST_CONTACT.LIST_ID)))
                .where(LIST_CONTACT.WORKSPACE_ID.eq(ws))
                .and(LIST_CONTACT.CONTACT_ID.eq(contact))
                .fetch();
    }

    @SuppressWarnings("unchecked")
    private static List<String> hidden(JSONB json) {
        return json == null ? List.of() : List.copyOf(JSON.readValue(json.data(), List.class));
    }
}
