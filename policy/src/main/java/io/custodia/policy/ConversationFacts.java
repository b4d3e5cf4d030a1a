package io.custodia.policy;

import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import java.util.Objects;

/** What the engine needs to know of one conversation: its team, its attendant (null when queued) and state. */
public record ConversationFacts(TeamId team, UserId attendant, ConversationState state) {
    public ConversationFacts {
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(state, "state");
    }

    public boolean queued() {
        return state == ConversationState.OPEN && attendant == null;
    }
}
