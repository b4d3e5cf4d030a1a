package io.custodia.access;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What one access version changed, when it is simple enough for every node to apply to the
 * policy and unit keys it holds instead of reading the workspace again: a department membership,
 * a user's unit row, a user's first share of a record type, a user's first shared list, or an
 * offboarding's owner overlay.
 * Anything else is {@link Opaque}, and caches reload. A change states the resulting fact (member
 * or not; unit and settledness as stored; holds a share), so applying it twice is harmless.
 */
public sealed interface AccessChange {

    /** A change the caches cannot apply: they read the workspace again. */
    record Opaque() implements AccessChange {}

    /** The user is, or is no longer, a direct member of the department. */
    record Membership(UUID userId, UUID departmentId, boolean member) implements AccessChange {}

    /** The user's unit row as it now stands (no row: unit null and settled). */
    record Unit(UUID userId, UUID unitId, boolean settled) implements AccessChange {}

    /**
     * The user holds a share of a record of this type ({@code deal}, ...), perhaps for the first
     * time: lists of that type must look for records shared with them from now on.
     */
    record ShareHeld(UUID userId, String recordType) implements AccessChange {
        public ShareHeld {
            Objects.requireNonNull(userId);
            if (!recordType.matches("[a-z_]+")) {
                throw new IllegalArgumentException("not a record type: " + recordType);
            }
        }
    }

    /** The user is on a shared contact list, perhaps for the first time. */
    record ListJoined(UUID userId) implements AccessChange {
        public ListJoined {
            Objects.requireNonNull(userId);
        }
    }

    /**
     * The person's records are read as the successor's ({@code to}), or no longer (null): an
     * offboarding's owner overlay began or its job moved the last row.
     */
    record Overlay(UUID from, UUID to) implements AccessChange {
        public Overlay {
            Objects.requireNonNull(from);
        }
    }

    AccessChange OPAQUE = new Opaque();

    static AccessChange membership(UUID userId, UUID departmentId, boolean member) {
        return new Membership(userId, departmentId, member);
    }

    /** How a change travels in the access notification. */
    default String encode() {
        if (this instanceof Membership m) {
            return "m," + m.userId() + "," + m.departmentId() + "," + (m.member() ? 1 : 0);
        }
        if (this instanceof Unit u) {
            return "u," + u.userId() + "," + (u.unitId() == null ? "-" : u.unitId()) + "," + (u.settled() ? 1 : 0);
        }
        if (this instanceof ShareHeld s) {
            return "s," + s.userId() + "," + s.recordType();
        }
        if (this instanceof ListJoined l) {
            return "l," + l.userId();
        }
        if (this instanceof Overlay o) {
            return "o," + o.from() + "," + (o.to() == null ? "-" : o.to());
        }
        return "-";
    }

    /** The change a notification carries; anything unreadable is opaque (the safe reading). */
    static AccessChange decode(String text) {
        try {
            String[] p = text.split(",");
            if (p.length == 4 && p[0].equals("m")) {
                return new Membership(UUID.fromString(p[1]), UUID.fromString(p[2]), p[3].equals("1"));
            }
            if (p.length == 4 && p[0].equals("u")) {
                return new Unit(
                        UUID.fromString(p[1]), p[2].equals("-") ? null : UUID.fromString(p[2]), p[3].equals("1"));
            }
            if (p.length == 3 && p[0].equals("s")) {
                return new ShareHeld(UUID.fromString(p[1]), p[2]);
            }
            if (p.length == 2 && p[0].equals("l")) {
                return new ListJoined(UUID.fromString(p[1]));
            }
            if (p.length == 3 && p[0].equals("o")) {
                return new Overlay(UUID.fromString(p[1]), p[2].equals("-") ? null : UUID.fromString(p[2]));
            }
        } catch (IllegalArgumentException unreadable) {
            return OPAQUE;
        }
        return OPAQUE;
    }

    /** The membership this change makes, if it is one. */
    default Optional<Membership> asMembership() {
        return this instanceof Membership m ? Optional.of(m) : Optional.empty();
    }
}
