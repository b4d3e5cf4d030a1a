package io.custodia.collaboration;

import io.custodia.platform.Text;
import io.custodia.policy.EntityType;
import io.custodia.records.RecordTrashed;
import io.custodia.records.SharedLists;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells the owners of shared lists when a contact on their list is deleted by someone else. */
@Component
class ListOwnersTold {
    private final SharedLists lists;
    private final Notifications notifications;

    ListOwnersTold(SharedLists lists, Notifications notifications) {
        this.lists = lists;
        this.notifications = notifications;
    }

    /** In the deleting transaction: the notice and the deletion commit or roll back together. */
    @EventListener
    void on(RecordTrashed trashed) {
        if (trashed.entity() != EntityType.CONTACT) {
            return;
        }
        for (var owner : lists.ownersHolding(trashed.workspaceId(), trashed.recordId())) {
            if (!owner.value1().equals(trashed.byUserId())) {
                notifications.notify(
                        trashed.workspaceId(),
                        owner.value1(),
                        "list.contact.deleted",
                        EntityType.CONTACT.key(),
                        trashed.recordId(),
                        false,
                        Text.of("notice.list.contactDeleted", trashed.byName(), owner.value2()));
            }
        }
    }
}
