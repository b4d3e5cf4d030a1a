package io.custodia.policy;

import java.util.Objects;
import java.util.UUID;

/** The identifiers the engine works with; each refuses null at construction. */
public final class Ids {
    private Ids() {}

    public record UserId(UUID value) {
        public UserId {
            Objects.requireNonNull(value, "user id");
        }

        public static UserId of(String value) {
            return new UserId(UUID.fromString(value));
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    public record DepartmentId(UUID value) {
        public DepartmentId {
            Objects.requireNonNull(value, "department id");
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    public record TeamId(UUID value) {
        public TeamId {
            Objects.requireNonNull(value, "team id");
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    public record RoleId(UUID value) {
        public RoleId {
            Objects.requireNonNull(value, "role id");
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    public record StageId(UUID value) {
        public StageId {
            Objects.requireNonNull(value, "stage id");
        }

        public static StageId of(String value) {
            return new StageId(UUID.fromString(value));
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }
}
