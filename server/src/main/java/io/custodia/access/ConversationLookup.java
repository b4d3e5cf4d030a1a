package io.custodia.access;

import io.custodia.policy.ConversationFacts;
import java.util.Optional;
import java.util.UUID;

/** What access insight needs of conversations, implemented by the conversations feature. */
public interface ConversationLookup {

    /** The conversation's facts, if it exists in the workspace (whoever may see it). */
    Optional<ConversationFacts> conversationFacts(UUID workspaceId, UUID id);
}
