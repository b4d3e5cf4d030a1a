package io.custodia.conversations;

import static io.custodia.platform.db.Tables.CONVERSATION;
import static io.custodia.platform.db.Tables.CONVERSATION_MESSAGE;

import io.custodia.access.ConversationLookup;
import io.custodia.platform.Cursors;
import io.custodia.platform.RenderedOnce;
import io.custodia.policy.ConversationFacts;
import io.custodia.policy.ConversationScope;
import io.custodia.policy.ConversationState;
import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * Conversations and their messages. {@link #visibleTo} is the one place where the engine's
 * {@link ConversationScope} becomes SQL: each branch, split per team, walks an index in inbox order
 * (latest activity first) and the page merges their first keys before reading any row.
 */
@Repository
public class Conversations implements ConversationLookup {
    private static final int SPLIT_UP_TO = 3;

    private final DSLContext db;
    private final RenderedOnce statements;

    Conversations(DSLContext db, RenderedOnce statements) {
        this.db = db;
        this.statements = statements;
    }

    /** One conversation as stored. */
    public record Conversation(
            UUID id,
            UUID teamId,
            UUID contactId,
            UUID attendantId,
            String channel,
            String subject,
            ConversationState state,
            UUID createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            OffsetDateTime completedAt,
            long version) {
        public ConversationFacts facts() {
            return new ConversationFacts(
                    new TeamId(teamId), attendantId == null ? null : new UserId(attendantId), state);
        }
    }

    /** One message: written once, never changed. */
    public record Message(UUID id, UUID conversationId, UUID authorId, String body, OffsetDateTime createdAt) {}

    void open(
            UUID workspaceId,
            UUID id,
            UUID teamId,
            UUID contactId,
            UUID attendantId,
            String channel,
            String subject,
            UUID createdBy) {
        db.insertInto(CONVERSATION)
                .set(CONVERSATION.WORKSPACE_ID, workspaceId)
                .set(CONVERSATION.ID, id)
                .set(CONVERSATION.TEAM_ID, teamId)
                .set(CONVERSATION.CONTACT_ID, contactId)
                .set(CONVERSATION.ATTENDANT_ID, attendantId)
                .set(CONVERSATION.CHANNEL, channel)
                .set(CONVERSATION.SUBJECT, subject)
                .set(CONVERSATION.CREATED_BY, createdBy)
                .execute();
    }

    /** The conversation whatever its visibility; callers decide with the engine. */
    public Optional<Conversation> find(UUID workspaceId, UUID id) {
        return db.selectFrom(CONVERSATION)
                .where(CONVERSATION.WORKSPACE_ID.eq(workspaceId).and(CONVERSATION.ID.eq(id)))
                .fetchOptional(Conversations::conversation);
    }

    @Override
    public Optional<ConversationFacts> conversationFacts(UUID workspaceId, UUID id) {
        return find(workspaceId, id).map(Conversation::facts);
    }

    /** The conversation, locked until the transaction ends, so that a decision holds while acting on it. */
    Optional<Conversation> lock(UUID workspaceId, UUID id) {
        return db.selectFrom(CONVERSATION)
                .where(CONVERSATION.WORKSPACE_ID.eq(workspaceId).and(CONVERSATION.ID.eq(id)))
                .forUpdate()
                .fetchOptional(Conversations::conversation);
    }

    void assign(UUID workspaceId, UUID id, UUID attendantId) {
        Map<Field<?>, Object> change = new HashMap<>();
        change.put(CONVERSATION.ATTENDANT_ID, attendantId);
        touch(workspaceId, id, change);
    }

    void complete(UUID workspaceId, UUID id) {
        touch(
                workspaceId,
                id,
                Map.of(
                        CONVERSATION.STATE,
                        ConversationState.COMPLETED.name(),
                        CONVERSATION.COMPLETED_AT,
                        DSL.currentOffsetDateTime()));
    }

    void reopen(UUID workspaceId, UUID id) {
        Map<Field<?>, Object> change = new HashMap<>();
        change.put(CONVERSATION.STATE, ConversationState.OPEN.name());
        change.put(CONVERSATION.COMPLETED_AT, null);
        touch(workspaceId, id, change);
    }

    /** Applies the change; every change moves the conversation to the top of its inbox and bumps its version. */
    private void touch(UUID workspaceId, UUID id, Map<Field<?>, Object> change) {
        db.update(CONVERSATION)
                .set(change)
                .set(CONVERSATION.UPDATED_AT, DSL.currentOffsetDateTime())
                .set(CONVERSATION.VERSION, CONVERSATION.VERSION.plus(1))
                .where(CONVERSATION.WORKSPACE_ID.eq(workspaceId).and(CONVERSATION.ID.eq(id)))
                .execute();
    }

    Message append(UUID workspaceId, UUID conversationId, UUID authorId, String body) {
        UUID id = UUID.randomUUID();
        Message message = db.insertInto(CONVERSATION_MESSAGE)
                .set(CONVERSATION_MESSAGE.WORKSPACE_ID, workspaceId)
                .set(CONVERSATION_MESSAGE.ID, id)
                .set(CONVERSATION_MESSAGE.CONVERSATION_ID, conversationId)
                .set(CONVERSATION_MESSAGE.AUTHOR_ID, authorId)
                .set(CONVERSATION_MESSAGE.BODY, body)
                .returning()
                .fetchOne(Conversations::message);
        touch(workspaceId, conversationId, Map.of());
        return message;
    }

    public Optional<Message> message(UUID workspaceId, UUID id) {
        return db.selectFrom(CONVERSATION_MESSAGE)
                .where(CONVERSATION_MESSAGE.WORKSPACE_ID.eq(workspaceId).and(CONVERSATION_MESSAGE.ID.eq(id)))
                .fetchOptional(Conversations::message);
    }

    /** Messages oldest first, after the given one. */
    List<Message> messages(UUID workspaceId, UUID conversationId, Cursors.TimeAndId after, int limit) {
        Condition where = CONVERSATION_MESSAGE
                .WORKSPACE_ID
                .eq(workspaceId)
                .and(CONVERSATION_MESSAGE.CONVERSATION_ID.eq(conversationId));
        if (after != null) {
            where = where.and(DSL.row(CONVERSATION_MESSAGE.CREATED_AT, CONVERSATION_MESSAGE.ID)
                    .gt(after.at(), after.id()));
        }
        return db.selectFrom(CONVERSATION_MESSAGE)
                .where(where)
                .orderBy(CONVERSATION_MESSAGE.CREATED_AT, CONVERSATION_MESSAGE.ID)
                .limit(DSL.inline(limit))
                .fetch(Conversations::message);
    }

    /** The latest messages, oldest of them first. */
    List<Message> latestMessages(UUID workspaceId, UUID conversationId, int limit) {
        List<Message> latest = new ArrayList<>(db.selectFrom(CONVERSATION_MESSAGE)
                .where(CONVERSATION_MESSAGE
                        .WORKSPACE_ID
                        .eq(workspaceId)
                        .and(CONVERSATION_MESSAGE.CONVERSATION_ID.eq(conversationId)))
                .orderBy(CONVERSATION_MESSAGE.CREATED_AT.desc(), CONVERSATION_MESSAGE.ID.desc())
                .limit(DSL.inline(limit))
                .fetch(Conversations::message));
        Collections.reverse(latest);
        return latest;
    }

    /**
     * A page of what the scope admits, latest activity first. Its statement is rendered once per
     * shape (the scope, the team filter's and the cursor's presence, the page size) and kept
     * ({@link RenderedOnce}).
     */
    public List<Conversation> visibleTo(
            UUID workspaceId, ConversationScope scope, UUID teamId, Cursors.TimeAndId after, int limit) {
        List<Condition> branches = branches(scope);
        if (branches.isEmpty()) {
            return List.of();
        }
        List<Object> values = new ArrayList<>(List.of(workspaceId));
        if (teamId != null) {
            values.add(teamId);
        }
        if (after != null) {
            values.add(after.at());
            values.add(after.id());
        }
        var shape = List.of("inbox", scope, teamId != null, after != null, limit);
        return statements
                .statement(shape, v -> page(branches, teamId != null, after != null, limit, v), values.toArray())
                .read(db, rows -> {
                    List<Conversation> page = new ArrayList<>();
                    while (rows.next()) {
                        page.add(conversation(rows));
                    }
                    return page;
                });
    }

    /** What an inbox page selects, in the order {@link #conversation(ResultSet)} reads it. */
    private static final List<Field<?>> PAGE_COLUMNS = List.of(
            CONVERSATION.ID,
            CONVERSATION.TEAM_ID,
            CONVERSATION.CONTACT_ID,
            CONVERSATION.ATTENDANT_ID,
            CONVERSATION.CHANNEL,
            CONVERSATION.SUBJECT,
            CONVERSATION.STATE,
            CONVERSATION.CREATED_BY,
            CONVERSATION.CREATED_AT,
            CONVERSATION.UPDATED_AT,
            CONVERSATION.COMPLETED_AT,
            CONVERSATION.VERSION);

    /**
     * A row of an inbox page read by position from the driver, as a list page's records are: jOOQ's
     * records of a page, copied into the table's record, were a fifth of an inbox request.
     */
    private static Conversation conversation(ResultSet r) throws SQLException {
        return new Conversation(
                r.getObject(1, UUID.class),
                r.getObject(2, UUID.class),
                r.getObject(3, UUID.class),
                r.getObject(4, UUID.class),
                r.getString(5),
                r.getString(6),
                ConversationState.valueOf(r.getString(7)),
                r.getObject(8, UUID.class),
                r.getObject(9, OffsetDateTime.class),
                r.getObject(10, OffsetDateTime.class),
                r.getObject(11, OffsetDateTime.class),
                r.getLong(12));
    }

    /**
     * The statement of {@link #visibleTo} over the scope's branches, its values in {@code v}: the
     * workspace, the team, the cursor's time and id.
     */
    private ResultQuery<?> page(List<Condition> branches, boolean byTeam, boolean afterCursor, int limit, Object[] v) {
        int next = 0;
        UUID workspaceId = (UUID) v[next++];
        Condition where = CONVERSATION.WORKSPACE_ID.eq(workspaceId);
        if (byTeam) {
            // A filter within what the scope admits, never a path to more.
            where = where.and(CONVERSATION.TEAM_ID.eq((UUID) v[next++]));
        }
        if (afterCursor) {
            where = where.and(
                    DSL.row(CONVERSATION.UPDATED_AT, CONVERSATION.ID).lt((OffsetDateTime) v[next++], (UUID) v[next++]));
        }
        // Each branch's first keys from its own index (index-only: the indexes carry the columns the
        // branches filter on), the best of them, then only those rows. LIMIT is inlined so that
        // PostgreSQL plans for a page, not for an unknown number of rows.
        Select<Record2<OffsetDateTime, UUID>> firsts = null;
        for (Condition branch : branches) {
            var first = DSL.select(CONVERSATION.UPDATED_AT, CONVERSATION.ID)
                    .from(CONVERSATION)
                    .where(where)
                    .and(branch)
                    .orderBy(CONVERSATION.UPDATED_AT.desc(), CONVERSATION.ID.desc())
                    .limit(DSL.inline(limit));
            firsts = firsts == null ? first : firsts.union(first);
        }
        var merged = firsts.asTable("firsts");
        Field<UUID> mergedId = merged.field(CONVERSATION.ID);
        Field<OffsetDateTime> mergedAt = merged.field(CONVERSATION.UPDATED_AT);
        var best = DSL.select(mergedAt, mergedId)
                .from(merged)
                .orderBy(mergedAt.desc(), mergedId.desc())
                .limit(DSL.inline(limit))
                .asTable("best");
        return db.select(PAGE_COLUMNS)
                .from(CONVERSATION)
                .join(best)
                .on(CONVERSATION.ID.eq(best.field(mergedId)))
                .where(CONVERSATION.WORKSPACE_ID.eq(workspaceId))
                .orderBy(CONVERSATION.UPDATED_AT.desc(), CONVERSATION.ID.desc());
    }

    /**
     * The scope as conditions, one per index walk. A branch over a few teams is split per team, so
     * that each reads the team index in order; over more, the teams hold a large share of the
     * conversations and one walk of the state index, filtered by team, finds a page sooner.
     */
    static List<Condition> branches(ConversationScope scope) {
        List<Condition> conditions = new ArrayList<>();
        for (ConversationScope.Branch b : scope.branches()) {
            // Teams in a fixed order: equal scopes make the same statement, text and all.
            List<UUID> teams = b.teams() == null
                    ? null
                    : b.teams().stream().map(TeamId::value).sorted().toList();
            if (teams != null && teams.size() <= SPLIT_UP_TO) {
                for (UUID team : teams) {
                    conditions.add(CONVERSATION.TEAM_ID.eq(team).and(rest(b, scope.viewer())));
                }
            } else {
                Condition inTeams = teams == null ? DSL.noCondition() : CONVERSATION.TEAM_ID.in(teams);
                conditions.add(inTeams.and(rest(b, scope.viewer())));
            }
        }
        return conditions;
    }

    /** A branch's state and attendant constraints. */
    private static Condition rest(ConversationScope.Branch b, UserId viewer) {
        Condition state = b.state() == null
                ? DSL.noCondition()
                : CONVERSATION.STATE.eq(b.state().name());
        Condition attendant = switch (b.attendant()) {
            case ANY -> DSL.noCondition();
            case NONE -> CONVERSATION.ATTENDANT_ID.isNull();
            case ME -> CONVERSATION.ATTENDANT_ID.eq(viewer.value());
            case SOMEONE_ELSE ->
                CONVERSATION.ATTENDANT_ID.isNotNull().and(CONVERSATION.ATTENDANT_ID.ne(viewer.value()));
        };
        return state.and(attendant);
    }

    private static Conversation conversation(Record r) {
        var c = r.into(CONVERSATION);
        return new Conversation(
                c.getId(),
                c.getTeamId(),
                c.getContactId(),
                c.getAttendantId(),
                c.getChannel(),
                c.getSubject(),
                ConversationState.valueOf(c.getState()),
                c.getCreatedBy(),
                c.getCreatedAt(),
                c.getUpdatedAt(),
                c.getCompletedAt(),
                c.getVersion());
    }

    private static Message message(Record r) {
        var m = r.into(CONVERSATION_MESSAGE);
        return new Message(m.getId(), m.getConversationId(), m.getAuthorId(), m.getBody(), m.getCreatedAt());
    }
}
