package io.custodia.records;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemText;
import io.custodia.platform.ValueRules;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The values a record's fields accept, built-in and custom, checked one at a time as they come
 * from a JSON body or a CSV line; each refusal is added to {@code errors} under the field's path.
 * Beyond each field's own kind and limits, every value keeps to {@link ValueRules}: texts without
 * control characters or lone surrogates, numbers a double can hold, dates in years 1 to 9999. A
 * JSON body has already been held to the text and number rules at the edge; a CSV line is held to
 * them here, so that a bad cell fails its line instead of the import.
 */
final class FieldValues {
    /** Amounts are stored as numeric(18, 2). */
    private static final BigDecimal AMOUNT_LIMIT = new BigDecimal("1e16");

    private static final int CUSTOM_TEXT_LIMIT = 1000;

    private FieldValues() {}

    /** A built-in field's value, or null (when absent, or refused and reported). */
    static Object builtIn(RecordType.BuiltIn b, Object raw, List<ApiProblem.FieldError> errors) {
        if (raw == null) {
            return null;
        }
        String key = b.key();
        switch (b.kind()) {
            case TEXT -> {
                if (!(raw instanceof String s)) {
                    errors.add(new ApiProblem.FieldError(key, "expected a text"));
                    return null;
                }
                if (refused(ValueRules.ofText(s), key, errors)) {
                    return null;
                }
                String v = s.strip();
                if (v.length() > b.maxLength()) {
                    errors.add(new ApiProblem.FieldError(key, "at most {0} characters", b.maxLength()));
                }
                if (key.equals("currency") && !v.matches("[A-Z]{3}")) {
                    errors.add(new ApiProblem.FieldError(key, "a three-letter ISO 4217 code, such as BRL"));
                }
                return v;
            }
            case NUMBER -> {
                BigDecimal v = number(raw, key, errors);
                if (v != null && v.abs().compareTo(AMOUNT_LIMIT) >= 0) {
                    errors.add(new ApiProblem.FieldError(key, "too large"));
                }
                return v;
            }
            case REFERENCE -> {
                return uuid(raw, key, errors);
            }
            case CHOICE -> {
                if (raw instanceof String s && b.choices().contains(s)) {
                    return s;
                }
                errors.add(new ApiProblem.FieldError(key, "expected one of {0}", b.choices()));
                return null;
            }
            case TIMESTAMP -> {
                OffsetDateTime at = parsed(raw, OffsetDateTime::parse);
                if (at == null) {
                    errors.add(new ApiProblem.FieldError(key, "expected a date-time (ISO 8601, with offset)"));
                    return null;
                }
                // Kept as the instant, in UTC: PostgreSQL reads offsets only up to about ±16:00.
                return refused(ValueRules.ofDateTime(at), key, errors)
                        ? null
                        : at.withOffsetSameInstant(ZoneOffset.UTC);
            }
            case BOOLEAN -> {
                if (raw instanceof Boolean flag) {
                    return flag;
                }
                errors.add(new ApiProblem.FieldError(key, "expected true or false"));
                return null;
            }
        }
        return null;
    }

    /** A custom field's value as stored in the record's {@code fields}, or null. */
    static Object custom(CustomFields.Definition d, Object raw, String path, List<ApiProblem.FieldError> errors) {
        if (raw == null) {
            return null;
        }
        switch (d.type()) {
            case TEXT -> {
                if (!(raw instanceof String s) || s.length() > CUSTOM_TEXT_LIMIT) {
                    errors.add(new ApiProblem.FieldError(
                            path, "expected a text of at most {0} characters", CUSTOM_TEXT_LIMIT));
                    return null;
                }
                return refused(ValueRules.ofText(s), path, errors) ? null : s;
            }
            case NUMBER -> {
                return number(raw, path, errors);
            }
            case DATE -> {
                LocalDate date = parsed(raw, LocalDate::parse);
                if (date == null) {
                    errors.add(new ApiProblem.FieldError(path, "expected a date (YYYY-MM-DD)"));
                    return null;
                }
                return refused(ValueRules.ofDate(date), path, errors) ? null : date.toString();
            }
            case SELECT -> {
                if (raw instanceof String s && d.options().contains(s)) {
                    return s;
                }
                errors.add(new ApiProblem.FieldError(path, "expected one of {0}", d.options()));
            }
        }
        return null;
    }

    /** An id, or null (reported) when the value is not a UUID. */
    static UUID uuid(Object raw, String key, List<ApiProblem.FieldError> errors) {
        if (raw instanceof String s) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        errors.add(new ApiProblem.FieldError(key, "expected an id (UUID)"));
        return null;
    }

    /** A number a double can hold, as a decimal ({@code -0} is 0), or null (reported). */
    private static BigDecimal number(Object raw, String path, List<ApiProblem.FieldError> errors) {
        if (!(raw instanceof Number n)) {
            errors.add(new ApiProblem.FieldError(path, "expected a number"));
            return null;
        }
        Optional<BigDecimal> decimal = ValueRules.decimal(n);
        if (decimal.isEmpty()) {
            errors.add(new ApiProblem.FieldError(path, ValueRules.NUMBER_RANGE));
            return null;
        }
        return decimal.get();
    }

    private static <T> T parsed(Object raw, Function<String, T> parser) {
        if (raw instanceof String s) {
            try {
                return parser.apply(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean refused(Optional<ProblemText> problem, String path, List<ApiProblem.FieldError> errors) {
        problem.ifPresent(p -> errors.add(new ApiProblem.FieldError(path, p)));
        return problem.isPresent();
    }
}
