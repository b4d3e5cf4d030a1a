package io.custodia.policy;

/** Whether a role reached a user personally or through a group it belongs to. */
public enum Source {
    PERSONAL,
    GROUP
}
