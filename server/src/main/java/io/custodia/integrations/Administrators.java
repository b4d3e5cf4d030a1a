package io.custodia.integrations;

import io.custodia.access.AccessPolicies;
import io.custodia.collaboration.Notifications;
import io.custodia.directory.Users;
import io.custodia.platform.Text;
import io.custodia.policy.SystemPermission;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The people who manage apps: every active holder of {@code integrations.manage}, told of an app's news. */
@Component
class Administrators {
    private static final int PAGE = 500;

    private final AccessPolicies access;
    private final Users users;
    private final Notifications notifications;

    Administrators(AccessPolicies access, Users users, Notifications notifications) {
        this.access = access;
        this.users = users;
        this.notifications = notifications;
    }

    /** Notifies each of them about the app; answers how many were told. */
    int tell(UUID workspaceId, UUID appId, String type, Text message) {
        int told = 0;
        String after = null;
        while (true) {
            var page = users.page(workspaceId, null, after, PAGE);
            for (var user : page) {
                if ("active".equals(user.status())
                        && access.has(workspaceId, user.id(), SystemPermission.INTEGRATIONS_MANAGE)) {
                    notifications.notify(workspaceId, user.id(), type, "integration_app", appId, false, message);
                    told++;
                }
            }
            if (page.size() < PAGE) {
                return told;
            }
            after = page.get(page.size() - 1).email();
        }
    }
}
