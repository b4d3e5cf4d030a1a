package io.custodia.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConversationAccessTest {
    private final TeamId team = new TeamId(UUID.randomUUID());
    private final UserId attendant = Fixtures.user();
    private final UserId formerMember = Fixtures.user();
    private final UserId member = Fixtures.user();
    private final UserId supervisor = Fixtures.user();
    private final UserId other = Fixtures.user();
    private final UserId viewAll = Fixtures.user();

    /** One row of the shared table in conversation-visibility.tsv. */
    record Row(TeamVisibility visibility, ConversationState state, boolean attended, String viewer, String expected) {
        static List<Row> all() throws IOException {
            List<Row> rows = new ArrayList<>();
            try (InputStream in = ConversationAccessTest.class.getResourceAsStream("conversation-visibility.tsv")) {
                List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .toList();
                for (String line : lines.subList(1, lines.size())) {
                    if (line.startsWith("#") || line.startsWith("visibility")) {
                        continue;
                    }
                    String[] c = line.split("\t");
                    rows.add(new Row(
                            TeamVisibility.valueOf(c[0]),
                            ConversationState.valueOf(c[1]),
                            c[2].equals("yes"),
                            c[3],
                            c[4]));
                }
            }
            return rows;
        }
    }

    private Organization org(TeamVisibility visibility) {
        return Organization.builder()
                .team(team, visibility)
                .teamMember(team, attendant, false)
                .teamMember(team, member, false)
                .teamMember(team, supervisor, true)
                .build();
    }

    private ConversationAccess accessOf(String viewer, Organization org) {
        return switch (viewer) {
            case "attendant" -> new ConversationAccess(attendant, org, false);
            case "former-member-attendant" -> new ConversationAccess(formerMember, org, false);
            case "member" -> new ConversationAccess(member, org, false);
            case "supervisor" -> new ConversationAccess(supervisor, org, false);
            case "other" -> new ConversationAccess(other, org, false);
            case "view-all" -> new ConversationAccess(viewAll, org, true);
            default -> throw new IllegalArgumentException(viewer);
        };
    }

    private ConversationFacts facts(Row row) {
        UserId who = !row.attended() ? null : row.viewer().equals("former-member-attendant") ? formerMember : attendant;
        return new ConversationFacts(team, who, row.state());
    }

    @Test
    void everyRowOfTheVisibilityTableHoldsForTheDecisionTheScopeAndTheTabs() throws IOException {
        List<Row> rows = Row.all();
        assertThat(rows).hasSize(60);
        for (Row row : rows) {
            ConversationAccess access = accessOf(row.viewer(), org(row.visibility()));
            ConversationFacts c = facts(row);
            boolean visible = !row.expected().equals("-");
            assertThat(access.see(c).allowed()).as("see %s", row).isEqualTo(visible);
            assertThat(access.scope().admits(c)).as("scope %s", row).isEqualTo(visible);
            Optional<InboxTab> tab =
                    row.expected().equals("-") || row.expected().equals("visible")
                            ? Optional.empty()
                            : Optional.of(InboxTab.fromKey(row.expected()));
            assertThat(access.tabOf(c)).as("tab %s", row).isEqualTo(tab);
            for (InboxTab t : InboxTab.values()) {
                assertThat(access.scope(t).admits(c))
                        .as("tab %s scope %s", t, row)
                        .isEqualTo(tab.equals(Optional.of(t)));
            }
        }
    }

    @Test
    void theDecisionAndTheScopeAgreeOnEveryConversationOfRandomWorkspaces() {
        for (long seed = 0; seed < 300; seed++) {
            RandomWorld world = new RandomWorld(seed);
            List<UserId> attendants = new ArrayList<>(world.users);
            attendants.add(null);
            for (UserId viewer : world.users) {
                for (boolean all : new boolean[] {false, true}) {
                    ConversationAccess access = new ConversationAccess(viewer, world.org, all);
                    for (TeamId t : world.teams) {
                        for (UserId a : attendants) {
                            for (ConversationState s : ConversationState.values()) {
                                ConversationFacts c = new ConversationFacts(t, a, s);
                                boolean sees = access.see(c).allowed();
                                assertThat(access.scope().admits(c))
                                        .as("seed %d %s", seed, c)
                                        .isEqualTo(sees);
                                Optional<InboxTab> tab = access.tabOf(c);
                                for (InboxTab each : InboxTab.values()) {
                                    assertThat(access.scope(each).admits(c))
                                            .as("seed %d %s tab %s", seed, c, each)
                                            .isEqualTo(tab.equals(Optional.of(each)));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void theExplanationNamesTheRuleThatAdmitsAndWhyTheOthersDoNot() {
        ConversationAccess access = new ConversationAccess(member, org(TeamVisibility.ATTENDANT), false);
        Explanation hidden = access.explain(new ConversationFacts(team, attendant, ConversationState.OPEN));
        assertThat(hidden.allowed()).isFalse();
        assertThat(hidden.paths())
                .extracting(Explanation.PathResult::path)
                .containsExactly("view-all", "attendant", "queue", "supervisor", "team", "completed-for-all");
        assertThat(hidden.paths()).noneMatch(Explanation.PathResult::admits);
        assertThat(hidden.summary()).contains("visibility ATTENDANT");
        // Issue #28: the same sentence as phrases, for a reader of another language.
        assertThat(Phrase.english(hidden.summaryText())).isEqualTo(hidden.summary());
        assertThat(hidden.summaryText().get(0).code()).isEqualTo("conversation.mayNotSee");
        assertThat(hidden.paths()).allSatisfy(p -> {
            assertThat(p.text()).isNotEmpty();
            assertThat(Phrase.english(p.text())).isEqualTo(p.detail());
        });
        assertThat(hidden.summary())
                .isEqualTo("may not see it: no rule lets the user see it: "
                        + String.join(
                                "; ",
                                hidden.paths().stream()
                                        .map(Explanation.PathResult::detail)
                                        .toList()));

        Explanation queued = access.explain(new ConversationFacts(team, null, ConversationState.OPEN));
        assertThat(queued.allowed()).isTrue();
        assertThat(queued.paths())
                .filteredOn(Explanation.PathResult::admits)
                .extracting(Explanation.PathResult::path)
                .containsExactly("queue");
    }

    @Test
    void supervisorsAssignAnyConversationOfTheirTeamToAnyone() {
        ConversationAccess access = new ConversationAccess(supervisor, org(TeamVisibility.TEAM), false);
        ConversationFacts c = new ConversationFacts(team, attendant, ConversationState.OPEN);
        assertThat(access.assign(c, member).allowed()).isTrue();
        assertThat(access.assign(c, null).allowed()).isTrue();
        assertThat(access.handle(c).allowed()).isTrue();
    }

    @Test
    void membersTakeQueuedConversationsOnlyForThemselves() {
        ConversationAccess access = new ConversationAccess(member, org(TeamVisibility.TEAM), false);
        ConversationFacts queued = new ConversationFacts(team, null, ConversationState.OPEN);
        assertThat(access.assign(queued, member).allowed()).isTrue();
        assertThat(access.assign(queued, attendant).allowed()).isFalse();
        assertThat(access.assign(new ConversationFacts(team, attendant, ConversationState.OPEN), member)
                        .allowed())
                .as("taking one somebody attends")
                .isFalse();
        assertThat(access.handle(queued).allowed())
                .as("replying before taking it")
                .isFalse();
    }

    @Test
    void theAttendantHandsOverOrReleasesToTheQueue() {
        ConversationAccess access = new ConversationAccess(attendant, org(TeamVisibility.ATTENDANT), false);
        ConversationFacts mine = new ConversationFacts(team, attendant, ConversationState.OPEN);
        assertThat(access.assign(mine, member).allowed()).isTrue();
        assertThat(access.assign(mine, null).allowed()).isTrue();
        assertThat(access.handle(mine).allowed()).isTrue();
    }

    @Test
    void onlyMembersCanAttendATeamsConversations() {
        ConversationAccess access = new ConversationAccess(viewAll, org(TeamVisibility.ALL), true);
        assertThat(access.canAttend(team, member)).isTrue();
        assertThat(access.canAttend(team, other)).isFalse();
        assertThat(access.open(team, other).allowed())
                .as("view-all may open for anyone; eligibility is apart")
                .isTrue();
    }

    @Test
    void membersOpenConversationsForThemselvesOrTheQueueAndOthersNotAtAll() {
        Organization org = org(TeamVisibility.TEAM);
        assertThat(new ConversationAccess(member, org, false).open(team, null).allowed())
                .isTrue();
        assertThat(new ConversationAccess(member, org, false).open(team, member).allowed())
                .isTrue();
        assertThat(new ConversationAccess(member, org, false)
                        .open(team, attendant)
                        .allowed())
                .isFalse();
        assertThat(new ConversationAccess(other, org, false).open(team, null).allowed())
                .isFalse();
    }
}
