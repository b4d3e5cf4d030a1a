package io.custodia.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Values at the edges of every kind of field a workspace has (text, select, number, date, timestamp,
 * yes/no), and random conditions over them: what the differential tests, in the engine and against
 * SQL, draw their records and roles from. The values are chosen where comparison rules differ from
 * one implementation to another: case and accents, precomposed and decomposed letters, characters on
 * both sides of U+FFFF (UTF-16 code units order them otherwise than code points), empty text,
 * trailing zeros, midnight UTC and a day's last second and microsecond, and instants whose date in
 * UTC is not their date in the time zones furthest from it. Every value is one PostgreSQL stores as
 * it is (microseconds, no NUL, no lone surrogate).
 */
public final class FieldEdges {
    private FieldEdges() {}

    /** A kind of field, as the workspace defines it; a select field compares as text. */
    public enum Kind {
        TEXT(FieldType.TEXT),
        SELECT(FieldType.TEXT),
        NUMBER(FieldType.NUMBER),
        DATE(FieldType.DATE),
        TIMESTAMP(FieldType.TIMESTAMP),
        BOOLEAN(FieldType.BOOLEAN);

        public final FieldType type;

        Kind(FieldType type) {
            this.type = type;
        }
    }

    public static final List<String> TEXTS = List.of(
            "",
            "a",
            "A",
            "ab",
            "b",
            "Z",
            "z",
            "\u00e1",
            "a\u0301",
            "\u00c1",
            "e",
            "\u00e9",
            "\u00c9",
            "\u00df",
            "SS",
            "\u00ff",
            "\u0100",
            "\uE000",
            "\uFFFD",
            "\uD83D\uDE00",
            "\uD83D\uDE00-emoji",
            "\uD835\uDD38",
            "\uD83D\uDE00\uE000");

    public static final List<String> CHOICES = List.of("SP", "RJ", "MG", "sp", "S\u00e3o Paulo");

    public static final List<BigDecimal> NUMBERS = List.of(
            new BigDecimal("-1"),
            new BigDecimal("0"),
            new BigDecimal("0.5"),
            new BigDecimal("100"),
            new BigDecimal("100.00"),
            new BigDecimal("99.999999"),
            new BigDecimal("1000000000000000"),
            new BigDecimal("-0.000001"));

    public static final List<LocalDate> DATES = List.of(
            LocalDate.parse("2025-01-09"),
            LocalDate.parse("2025-01-10"),
            LocalDate.parse("2025-01-11"),
            LocalDate.parse("2024-02-29"),
            LocalDate.parse("2024-12-31"));

    /** Operands of conditions on timestamps are dates: the three days around the instants below. */
    public static final List<LocalDate> DAYS =
            List.of(LocalDate.parse("2025-01-09"), LocalDate.parse("2025-01-10"), LocalDate.parse("2025-01-11"));

    public static final List<Instant> INSTANTS = List.of(
            Instant.parse("2025-01-10T00:00:00Z"),
            Instant.parse("2025-01-09T23:59:59Z"),
            Instant.parse("2025-01-09T23:59:59.999999Z"),
            Instant.parse("2025-01-10T23:59:59Z"),
            Instant.parse("2025-01-10T23:59:59.999999Z"),
            Instant.parse("2025-01-11T00:00:00Z"),
            Instant.parse("2025-01-10T12:00:00Z"),
            // The 9th in Sao Paulo (UTC-3), the 10th in UTC.
            Instant.parse("2025-01-10T02:30:00Z"),
            // The 11th on Kiritimati (UTC+14), the 10th in UTC.
            Instant.parse("2025-01-10T10:30:00Z"));

    /** A value of the kind, at one of its edges. */
    public static Value value(Kind kind, Random random) {
        return switch (kind) {
            case TEXT -> new Value.Text(pick(TEXTS, random));
            case SELECT -> new Value.Text(pick(CHOICES, random));
            case NUMBER -> new Value.Number(pick(NUMBERS, random));
            case DATE -> new Value.Date(pick(DATES, random));
            case TIMESTAMP -> new Value.Timestamp(pick(INSTANTS, random));
            case BOOLEAN -> new Value.Bool(random.nextBoolean());
        };
    }

    /** An operand a condition on a field of the kind compares with. */
    public static Value operand(Kind kind, Random random) {
        return kind == Kind.TIMESTAMP ? new Value.Date(pick(DAYS, random)) : value(kind, random);
    }

    /** A random comparison of the field, with any operator the kind allows and one to three operands. */
    public static Condition.Comparison comparison(String field, Kind kind, Random random) {
        List<Condition.Op> ops = new ArrayList<>(List.of(Condition.Op.values()));
        if (kind == Kind.BOOLEAN) {
            ops.removeIf(Condition.Op::isOrdering);
        }
        Condition.Op op = pick(ops, random);
        List<Value> values = new ArrayList<>();
        int count = op.takesList() ? 1 + random.nextInt(3) : 1;
        for (int i = 0; i < count; i++) {
            values.add(operand(kind, random));
        }
        return new Condition.Comparison(field, op, values);
    }

    private static <T> T pick(List<T> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }
}
