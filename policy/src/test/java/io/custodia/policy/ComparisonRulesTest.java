package io.custodia.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The comparison rules of conditions, as docs/access-model.md writes them ("Conditions"). */
class ComparisonRulesTest {
    private static boolean holds(Value actual, Condition.Op op, Value... operands) {
        return new Condition.Comparison("f", op, List.of(operands)).holdsFor(actual);
    }

    private static Value due(String instant) {
        return new Value.Timestamp(Instant.parse(instant));
    }

    private static Value day(String date) {
        return new Value.Date(LocalDate.parse(date));
    }

    @Test
    void textIsOrderedByCodePointWithCaseAndAccentsCounting() {
        // UTF-16 code units put U+E000 after U+1F600; code points (and COLLATE "C") before it.
        assertThat(holds(Value.text("\uD83D\uDE00-emoji"), Condition.Op.GT, Value.text("\uE000")))
                .isTrue();
        assertThat(holds(Value.text("\uFFFD"), Condition.Op.LT, Value.text("\uD835\uDD38")))
                .isTrue();
        assertThat(holds(Value.text("Z"), Condition.Op.LT, Value.text("a"))).isTrue();
        assertThat(holds(Value.text("a"), Condition.Op.EQ, Value.text("A"))).isFalse();
        assertThat(holds(Value.text("\u00e1"), Condition.Op.EQ, Value.text("a\u0301")))
                .isFalse();
        assertThat(holds(Value.text(""), Condition.Op.LT, Value.text("a"))).isTrue();
        assertThat(holds(Value.text("ab"), Condition.Op.GT, Value.text("a"))).isTrue();
        // Two characters beyond U+FFFF that differ only in their second UTF-16 unit.
        assertThat(holds(Value.text("\uD83D\uDE01"), Condition.Op.GT, Value.text("\uD83D\uDE00")))
                .isTrue();
    }

    @Test
    void aTimestampComparedWithADateIsItsUtcDate() {
        assertThat(holds(due("2025-01-10T12:00:00Z"), Condition.Op.GT, day("2025-01-10")))
                .isFalse();
        assertThat(holds(due("2025-01-10T12:00:00Z"), Condition.Op.EQ, day("2025-01-10")))
                .isTrue();
        assertThat(holds(due("2025-01-10T00:00:00Z"), Condition.Op.IN, day("2025-01-09"), day("2025-01-10")))
                .isTrue();
        assertThat(holds(due("2025-01-10T23:59:59.999999Z"), Condition.Op.LTE, day("2025-01-10")))
                .isTrue();
        assertThat(holds(due("2025-01-11T00:00:00Z"), Condition.Op.GT, day("2025-01-10")))
                .isTrue();
        assertThat(holds(due("2025-01-09T23:59:59Z"), Condition.Op.NOT_IN, day("2025-01-10")))
                .isTrue();
        // Never compared with text, numbers or other timestamps: every comparison is false.
        assertThat(holds(due("2025-01-10T12:00:00Z"), Condition.Op.NE, Value.text("x")))
                .isFalse();
    }

    /** A role reading activities due after the given value. */
    private static Role dueAfter(String value) {
        Map<String, Object> condition = Map.of("field", "dueAt", "op", "gt", "value", value);
        Map<String, Object> read = Map.of("level", "ALL", "condition", condition);
        return RoleDocument.parse(
                new Ids.RoleId(new UUID(0, 1)),
                Map.of("name", "Due", "entities", Map.of("activity", Map.of("read", read))),
                FieldCatalog.builtIn(),
                stage -> true);
    }

    @Test
    void aConditionOnATimestampTakesDates() {
        Condition.Comparison c = (Condition.Comparison) dueAfter("2025-01-10")
                .entityEntry(EntityType.ACTIVITY, Action.READ)
                .condition();
        assertThat(c.values()).containsExactly(day("2025-01-10"));
        assertThatThrownBy(() -> dueAfter("2025-01-10T12:00:00Z"))
                .isInstanceOf(InvalidRoleException.class)
                .hasMessageContaining("expected a date (YYYY-MM-DD)");
    }
}
