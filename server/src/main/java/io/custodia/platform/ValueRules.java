package io.custodia.platform;

import io.custodia.policy.Value;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What every value from outside must be, whatever field it is for: the rules the JSON body check,
 * the query check, CSV imports and record fields all apply, written once. Each answers the problem
 * with the value, or empty when it is acceptable. See "Values" in docs/api.md.
 */
public final class ValueRules {
    private static final Instant FIRST_INSTANT =
            Value.Date.FIRST.atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant AFTER_LAST_INSTANT =
            Value.Date.LAST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    /** What {@link #ofNumber} answers for a number out of range. */
    public static final ProblemText NUMBER_RANGE = ProblemText.of(
            "a number a 64-bit floating-point number holds: at most 1.7976931348623157e308 in magnitude, and none so small that it rounds to 0");

    private ValueRules() {}

    /**
     * A text may hold any Unicode character except control characters other than tab, line feed and
     * carriage return (U+0000 to U+001F, U+007F to U+009F), and every UTF-16 surrogate must be one
     * of a pair. PostgreSQL cannot store U+0000 at all, and a lone surrogate is no character.
     */
    public static Optional<ProblemText> ofText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(
                        ProblemText.of("contains a lone surrogate ({0}), which is not a character", codePoint(c)));
            } else if (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r') {
                return Optional.of(
                        ProblemText.of("contains the control character {0}, which is not allowed", codePoint(c)));
            }
        }
        return Optional.empty();
    }

    /**
     * A number must be one a 64-bit floating-point number holds once rounded to it: not beyond about
     * 1.8e308 in magnitude, and, unless zero, not so small that it rounds to 0 (below about
     * 2.5e-324). Beyond either, parsers in most languages, the engine's clients included, turn it
     * into infinity or zero.
     */
    public static Optional<ProblemText> ofNumber(BigDecimal number) {
        double rounded = number.doubleValue();
        if (Double.isInfinite(rounded) || (rounded == 0 && number.signum() != 0)) {
            return Optional.of(NUMBER_RANGE);
        }
        return Optional.empty();
    }

    /** A number as parsed from JSON or CSV, as a decimal; empty when it is not a finite number in range. */
    public static Optional<BigDecimal> decimal(Number number) {
        if ((number instanceof Double || number instanceof Float) && !Double.isFinite(number.doubleValue())) {
            return Optional.empty();
        }
        BigDecimal decimal = number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
        return ofNumber(decimal).isPresent() ? Optional.empty() : Optional.of(decimal);
    }

    /** A date must be in years 1 to 9999, what ISO 8601 writes with four digits. */
    public static Optional<ProblemText> ofDate(LocalDate date) {
        return Value.Date.accepted(date) ? Optional.empty() : Optional.of(ProblemText.of("a date in years 1 to 9999"));
    }

    /**
     * A date-time is kept as an instant, and conditions see it as its date in UTC: that date must
     * be in years 1 to 9999 (so {@code 0001-01-01T00:00+01:00}, in year 0 in UTC, is refused).
     */
    public static Optional<ProblemText> ofDateTime(OffsetDateTime at) {
        // Compared as instants: moving the extreme date-times java.time reads to UTC can overflow.
        Instant instant = at.toInstant();
        return instant.isBefore(FIRST_INSTANT) || !instant.isBefore(AFTER_LAST_INSTANT)
                ? Optional.of(ProblemText.of("a date-time in years 1 to 9999 (in UTC)"))
                : Optional.empty();
    }

    /**
     * A date-time parameter as the instant it names, in UTC (PostgreSQL reads offsets only up to
     * about ±16:00; java.time writes up to ±18:00), or 422 naming the parameter when it is out of
     * range.
     */
    public static OffsetDateTime instant(String field, OffsetDateTime at) {
        ofDateTime(at).ifPresent(problem -> {
            throw ApiProblem.invalid(field, problem);
        });
        return at.withOffsetSameInstant(ZoneOffset.UTC);
    }

    /**
     * When a grant expires (access-model, "Grants that expire"): null for never, else an ISO 8601
     * instant with an offset, in years 1 to 9999 and after {@code now} (an expiry already past would
     * give nothing from the start), or 422 naming the field. Read from the body's text, not by
     * Jackson, which would take a number for seconds since 1970 and name no field for a bad date.
     */
    public static OffsetDateTime expiry(String field, String text, Instant now) {
        if (text == null) {
            return null;
        }
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, "an ISO 8601 instant with an offset, such as 2026-12-31T18:00:00Z");
        }
        // Kept as the database keeps it (microseconds), so the answer is the instant that is stored.
        OffsetDateTime utc = instant(field, at).truncatedTo(ChronoUnit.MICROS);
        if (!utc.toInstant().isAfter(now)) {
            throw ApiProblem.invalid(field, "an instant still to come");
        }
        return utc;
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
