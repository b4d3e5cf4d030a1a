package io.custodia.conversations;

import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.TEAM;
import static io.custodia.platform.db.Tables.TEAM_MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import io.custodia.access.AccessPolicies;
import io.custodia.platform.Cursors;
import io.custodia.policy.ConversationAccess;
import io.custodia.policy.ConversationScope;
import io.custodia.policy.InboxTab;
import io.custodia.policy.TeamVisibility;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The same cases against the engine and against real SQL: random workspaces of up to eight teams
 * (so that scope branches over many teams take the one-walk form and over few the per-team form),
 * users in none, one or several teams, some supervising, some with view-all, and conversations in
 * every state and attendance. Every tab's SQL must list exactly what the engine puts in that tab,
 * and no tab means exactly what the engine lets the user see.
 */
class ConversationSqlAgreesWithTheEngineTest extends ApiTest {
    @Autowired
    Conversations conversations;

    @Autowired
    AccessPolicies access;

    @Autowired
    TransactionTemplate tx;

    @Test
    void everyTabListsExactlyWhatTheEngineDecides() {
        for (long seed = 1; seed <= 12; seed++) {
            Random random = new Random(seed);
            Tenant t = newWorkspace();
            UUID ws = t.id();
            List<UUID> teams = new ArrayList<>();
            List<UUID> users = new ArrayList<>();
            List<UUID> conversationIds = new ArrayList<>();
            UUID contact = UUID.randomUUID();
            tx.executeWithoutResult(status -> {
                int teamCount = 1 + random.nextInt(8);
                for (int i = 0; i < teamCount; i++) {
                    UUID team = UUID.randomUUID();
                    teams.add(team);
                    db.insertInto(TEAM)
                            .set(TEAM.WORKSPACE_ID, ws)
                            .set(TEAM.ID, team)
                            .set(TEAM.NAME, "T" + i)
                            .set(TEAM.VISIBILITY, TeamVisibility.values()[random.nextInt(3)].name())
                            .execute();
                }
                for (int i = 0; i < 8; i++) {
                    UUID user = UUID.randomUUID();
                    users.add(user);
                    db.insertInto(APP_USER)
                            .set(APP_USER.WORKSPACE_ID, ws)
                            .set(APP_USER.ID, user)
                            .set(APP_USER.EMAIL, "u" + i + "@" + t.slug() + ".test")
                            .set(APP_USER.NAME, "U" + i)
                            .set(APP_USER.PASSWORD_HASH, "not a password hash")
                            .execute();
                    for (UUID team : teams) {
                        if (random.nextInt(3) == 0) {
                            db.insertInto(TEAM_MEMBER)
                                    .set(TEAM_MEMBER.WORKSPACE_ID, ws)
                                    .set(TEAM_MEMBER.TEAM_ID, team)
                                    .set(TEAM_MEMBER.USER_ID, user)
                                    .set(TEAM_MEMBER.SUPERVISOR, random.nextInt(4) == 0)
                                    .execute();
                        }
                    }
                }
                access.changed(ws);
                for (int i = 0; i < 60; i++) {
                    UUID id = UUID.randomUUID();
                    UUID attendant = random.nextInt(4) == 0 ? null : users.get(random.nextInt(users.size()));
                    conversations.open(
                            ws,
                            id,
                            teams.get(random.nextInt(teams.size())),
                            contact,
                            attendant,
                            "chat",
                            "S",
                            t.adminId());
                    if (random.nextBoolean()) {
                        conversations.complete(ws, id);
                    }
                    conversationIds.add(id);
                }
            });
            List<UUID> viewers = new ArrayList<>(users);
            viewers.add(t.adminId());
            for (UUID viewer : viewers) {
                ConversationAccess engine = access.accessOf(ws, viewer).conversations();
                Set<UUID> visible = new HashSet<>();
                List<Set<UUID>> byTab = new ArrayList<>();
                for (int i = 0; i < InboxTab.values().length; i++) {
                    byTab.add(new HashSet<>());
                }
                for (UUID id : conversationIds) {
                    var facts = conversations.find(ws, id).orElseThrow().facts();
                    if (engine.see(facts).allowed()) {
                        visible.add(id);
                    }
                    Optional<InboxTab> tab = engine.tabOf(facts);
                    tab.ifPresent(tb -> byTab.get(tb.ordinal()).add(id));
                }
                assertThat(ids(ws, engine.scope()))
                        .as("seed %d viewer %s, everything", seed, viewer)
                        .isEqualTo(visible);
                for (InboxTab tab : InboxTab.values()) {
                    assertThat(ids(ws, engine.scope(tab)))
                            .as("seed %d viewer %s, tab %s", seed, viewer, tab)
                            .isEqualTo(byTab.get(tab.ordinal()));
                }
            }
        }
    }

    /** Every id the SQL lists, read in pages of 7 to cross page boundaries. */
    private Set<UUID> ids(UUID ws, ConversationScope scope) {
        Set<UUID> ids = new HashSet<>();
        Cursors.TimeAndId after = null;
        while (true) {
            List<Conversations.Conversation> page = conversations.visibleTo(ws, scope, null, after, 7);
            page.forEach(c -> assertThat(ids.add(c.id())).as("listed twice").isTrue());
            if (page.size() < 7) {
                return ids;
            }
            Conversations.Conversation last = page.get(page.size() - 1);
            after = new Cursors.TimeAndId(last.updatedAt(), last.id());
        }
    }
}
