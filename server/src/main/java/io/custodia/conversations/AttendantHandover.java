package io.custodia.conversations;

import static io.custodia.platform.db.Tables.CONVERSATION;

import io.custodia.access.AccessPolicies;
import io.custodia.policy.ConversationAccess;
import io.custodia.policy.ConversationState;
import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The open conversations a person who leaves attends go to their successor where the successor is
 * a member of the conversation's team, and back to the team's queue elsewhere (only members attend;
 * docs/access-model.md, "Offboarding"). Completed ones keep their attendant: they are history.
 */
@Service
public class AttendantHandover {
    private final DSLContext db;
    private final Conversations conversations;
    private final ConversationEvents events;
    private final AccessPolicies access;
    private final TransactionTemplate tx;

    AttendantHandover(
            DSLContext db,
            Conversations conversations,
            ConversationEvents events,
            AccessPolicies access,
            PlatformTransactionManager transactions) {
        this.db = db;
        this.conversations = conversations;
        this.events = events;
        this.access = access;
        this.tx = new TransactionTemplate(transactions);
    }

    /** How many conversations went to the successor and how many back to their queue. */
    public record Handed(int toSuccessor, int toQueue) {}

    /** How many open conversations the user attends. */
    public long attendedBy(UUID ws, UUID user) {
        return db.fetchCount(CONVERSATION, attended(ws, user));
    }

    /** Hands the user's open conversations over, in one transaction, each announced to the live streams. */
    public Handed handOver(UUID ws, UUID from, UUID to) {
        ConversationAccess successor = access.accessOf(ws, to).conversations();
        return tx.execute(status -> {
            int toSuccessor = 0;
            int toQueue = 0;
            for (var row : db.select(CONVERSATION.ID, CONVERSATION.TEAM_ID)
                    .from(CONVERSATION)
                    .where(attended(ws, from))
                    .forUpdate()
                    .fetch()) {
                boolean attends = successor.canAttend(new TeamId(row.value2()), new UserId(to));
                conversations.assign(ws, row.value1(), attends ? to : null);
                events.published(ws, row.value1(), ConversationEvents.Kind.ASSIGNED, null);
                if (attends) {
                    toSuccessor++;
                } else {
                    toQueue++;
                }
            }
            return new Handed(toSuccessor, toQueue);
        });
    }

    private static Condition attended(UUID ws, UUID user) {
        return CONVERSATION
                .WORKSPACE_ID
                .eq(ws)
                .and(CONVERSATION.ATTENDANT_ID.eq(user))
                .and(CONVERSATION.STATE.eq(ConversationState.OPEN.name()));
    }
}
