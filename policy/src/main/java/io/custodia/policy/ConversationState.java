package io.custodia.policy;

/** Whether a conversation is still being handled. */
public enum ConversationState {
    OPEN,
    COMPLETED
}
