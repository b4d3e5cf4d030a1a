package io.custodia.policy;

/** Workspace-wide permissions that are not about records. */
public enum SystemPermission {
    WORKSPACE_MANAGE("workspace.manage"),
    USERS_MANAGE("users.manage"),
    ROLES_MANAGE("roles.manage"),
    INTEGRATIONS_MANAGE("integrations.manage"),
    AUDIT_READ("audit.read"),
    CONVERSATIONS_VIEW_ALL("conversations.view_all");

    private final String key;

    SystemPermission(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static SystemPermission fromKey(String key) {
        for (SystemPermission permission : values()) {
            if (permission.key.equals(key)) {
                return permission;
            }
        }
        throw new IllegalArgumentException("unknown system permission '" + key + "'");
    }
}
