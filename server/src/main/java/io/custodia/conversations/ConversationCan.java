package io.custodia.conversations;

import io.custodia.policy.ConversationAccess;
import io.custodia.policy.ConversationFacts;
import io.custodia.policy.ConversationState;
import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;

/**
 * What the caller may do with a conversation, from the very verdicts and states its actions check
 * ({@link ConversationController}): write and complete while it is open, reopen once completed,
 * take it for themself from the queue, assign it to someone else or back to the queue.
 */
record ConversationCan(boolean write, boolean complete, boolean reopen, boolean take, boolean assign) {

    static ConversationCan of(ConversationAccess rules, Conversations.Conversation c, UserId viewer) {
        ConversationFacts facts = c.facts();
        boolean open = c.state() == ConversationState.OPEN;
        boolean handles = rules.handle(facts).allowed();
        boolean takes = open
                && !viewer.value().equals(c.attendantId())
                && rules.canAttend(new TeamId(c.teamId()), viewer)
                && rules.assign(facts, viewer).allowed();
        return new ConversationCan(
                handles && open,
                handles && open,
                handles && !open,
                takes,
                open && rules.assign(facts, null).allowed());
    }
}
