package io.custodia.reliability;

import static io.custodia.platform.db.Tables.CONVERSATION;
import static io.custodia.platform.db.Tables.CONVERSATION_MESSAGE;
import static io.custodia.platform.db.Tables.TEAM;
import static io.custodia.platform.db.Tables.TEAM_MEMBER;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Service teams and their conversations for a {@link TwinWorld}, drawn from the world's seed (ids,
 * times and all), so that the same seed writes the same inbox: two teams of different visibility,
 * members and supervisors among the world's people, conversations in every tab (queued, attended,
 * completed) about the world's contacts (some of them unreadable to a viewer or in the recycle
 * bin), two of them touched at the same moment, with a few messages each.
 */
final class TwinInbox {
    private static final OffsetDateTime EPOCH = OffsetDateTime.of(2026, 1, 8, 14, 0, 0, 0, ZoneOffset.UTC);

    /** Later than any time an inbox or its world (TwinMaker's, from 2026-01-05) holds. */
    static final OffsetDateTime LAST = EPOCH.plusDays(3);

    record Team(UUID id, String name, String visibility, List<UUID> members, List<UUID> supervisors) {}

    record Conversation(
            UUID id,
            Team team,
            UUID contact,
            UUID attendant,
            boolean completed,
            UUID createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    record Message(UUID id, UUID conversation, UUID author, String body, OffsetDateTime at) {}

    final List<Team> teams = new ArrayList<>();
    final List<Conversation> conversations = new ArrayList<>();
    final List<Message> messages = new ArrayList<>();

    /** The inbox of the world made from this seed (its own random draws: the world's stay as they are). */
    static TwinInbox of(long seed, TwinWorld w) {
        Random random = new Random(seed * 7_919 + 13);
        TwinInbox inbox = new TwinInbox();
        List<String> visibilities = List.of("ALL", random.nextBoolean() ? "TEAM" : "ATTENDANT");
        for (int i = 0; i < visibilities.size(); i++) {
            List<UUID> members = new ArrayList<>();
            List<UUID> supervisors = new ArrayList<>();
            for (UUID user : w.users) {
                if (random.nextInt(3) != 0) {
                    members.add(user);
                    if (random.nextInt(4) == 0) {
                        supervisors.add(user);
                    }
                }
            }
            inbox.teams.add(new Team(
                    TwinWorld.uuid(random), i == 0 ? "Support" : "Desk", visibilities.get(i), members, supervisors));
        }
        List<UUID> contacts = w.rows.stream()
                .filter(r -> r.table().equals("contact"))
                .map(TwinWorld.Row::id)
                .toList();
        int count = 5 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            Team team = inbox.teams.get(random.nextInt(inbox.teams.size()));
            UUID attendant = random.nextInt(3) == 0 || team.members().isEmpty()
                    ? null
                    : team.members().get(random.nextInt(team.members().size()));
            OffsetDateTime created = EPOCH.plusHours(i);
            // The last two change at the same moment: the inbox then orders them by id.
            OffsetDateTime updated = i >= count - 2 ? EPOCH.plusDays(2) : created.plusMinutes(random.nextInt(90));
            Conversation c = new Conversation(
                    TwinWorld.uuid(random),
                    team,
                    contacts.get(random.nextInt(contacts.size())),
                    attendant,
                    random.nextInt(3) == 0,
                    w.users.get(random.nextInt(w.users.size())),
                    created,
                    updated);
            inbox.conversations.add(c);
            for (int m = 0, n = random.nextInt(4); m < n; m++) {
                inbox.messages.add(new Message(
                        TwinWorld.uuid(random),
                        c.id(),
                        w.users.get(random.nextInt(w.users.size())),
                        "message " + m + " of " + i,
                        created.plusMinutes(m + 1L)));
            }
        }
        return inbox;
    }

    /** Writes the teams, conversations and messages into the workspace (the caller then tells access it changed). */
    void write(DSLContext db, UUID ws) {
        for (Team team : teams) {
            db.insertInto(TEAM)
                    .set(TEAM.WORKSPACE_ID, ws)
                    .set(TEAM.ID, team.id())
                    .set(TEAM.NAME, team.name())
                    .set(TEAM.VISIBILITY, team.visibility())
                    .set(TEAM.CREATED_AT, EPOCH)
                    .execute();
            for (UUID user : team.members()) {
                db.insertInto(TEAM_MEMBER)
                        .set(TEAM_MEMBER.WORKSPACE_ID, ws)
                        .set(TEAM_MEMBER.TEAM_ID, team.id())
                        .set(TEAM_MEMBER.USER_ID, user)
                        .set(TEAM_MEMBER.SUPERVISOR, team.supervisors().contains(user))
                        .execute();
            }
        }
        for (Conversation c : conversations) {
            db.insertInto(CONVERSATION)
                    .set(CONVERSATION.WORKSPACE_ID, ws)
                    .set(CONVERSATION.ID, c.id())
                    .set(CONVERSATION.TEAM_ID, c.team().id())
                    .set(CONVERSATION.CONTACT_ID, c.contact())
                    .set(CONVERSATION.ATTENDANT_ID, c.attendant())
                    .set(CONVERSATION.CHANNEL, "chat")
                    .set(CONVERSATION.SUBJECT, "About " + conversations.indexOf(c))
                    .set(CONVERSATION.STATE, c.completed() ? "COMPLETED" : "OPEN")
                    .set(CONVERSATION.CREATED_BY, c.createdBy())
                    .set(CONVERSATION.CREATED_AT, c.createdAt())
                    .set(CONVERSATION.UPDATED_AT, c.updatedAt())
                    .set(CONVERSATION.COMPLETED_AT, c.completed() ? c.updatedAt() : null)
                    .execute();
        }
        for (Message m : messages) {
            db.insertInto(CONVERSATION_MESSAGE)
                    .set(CONVERSATION_MESSAGE.WORKSPACE_ID, ws)
                    .set(CONVERSATION_MESSAGE.ID, m.id())
                    .set(CONVERSATION_MESSAGE.CONVERSATION_ID, m.conversation())
                    .set(CONVERSATION_MESSAGE.AUTHOR_ID, m.author())
                    .set(CONVERSATION_MESSAGE.BODY, m.body())
                    .set(CONVERSATION_MESSAGE.CREATED_AT, m.at())
                    .execute();
        }
    }
}
