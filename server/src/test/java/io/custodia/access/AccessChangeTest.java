package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What other nodes hear of a change is the change itself, or opaque: never another change. */
class AccessChangeTest {
    @Test
    void everyChangeOtherNodesCanApplyTravelsUnchangedInTheNotification() {
        UUID user = UUID.randomUUID();
        UUID department = UUID.randomUUID();
        List<AccessChange> changes = List.of(
                AccessChange.membership(user, department, true),
                AccessChange.membership(user, department, false),
                new AccessChange.Unit(user, department, false),
                new AccessChange.Unit(user, null, true),
                new AccessChange.ShareHeld(user, "deal"),
                new AccessChange.ListJoined(user),
                new AccessChange.Overlay(user, department),
                new AccessChange.Overlay(user, null));

        for (AccessChange change : changes) {
            assertThat(AccessChange.decode(change.encode())).isEqualTo(change);
        }
    }

    @Test
    void aNotificationNoNodeCanReadIsOpaque() {
        assertThat(AccessChange.decode("s," + UUID.randomUUID() + ",Deal;drop")).isEqualTo(AccessChange.OPAQUE);
        assertThat(AccessChange.decode("s,not-a-user,deal")).isEqualTo(AccessChange.OPAQUE);
        assertThat(AccessChange.decode("-")).isEqualTo(AccessChange.OPAQUE);
    }
}
