package io.custodia.policy;

import java.util.List;

/** A role body that cannot be accepted, with every violation found. */
public final class InvalidRoleException extends RuntimeException {
    private final List<Violation> violations;

    public InvalidRoleException(List<Violation> violations) {
        super(violations.toString());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
