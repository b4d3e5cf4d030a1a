package io.custodia.platform;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Timestamps in answers written as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes them, which
 * is what Jackson does, without the formatter's general machinery: a list page writes three per row,
 * and the formatter was a fifth of writing a page's JSON (issue #26). {@code IsoTimestampsTest}
 * checks every kind of value against the formatter itself.
 */
@Configuration(proxyBeanMethods = false)
public class IsoTimestamps {
    @Bean
    JsonMapperBuilderCustomizer isoTimestampsWrittenDirectly() {
        return builder ->
                builder.addModule(new SimpleModule("iso-timestamps").addSerializer(OffsetDateTime.class, new Writer()));
    }

    /** The serializer: the same text as Jackson's own for an OffsetDateTime with no time zone configured. */
    static final class Writer extends ValueSerializer<OffsetDateTime> {
        @Override
        public void serialize(OffsetDateTime value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(format(value));
        }
    }

    /** The text {@code ISO_OFFSET_DATE_TIME.format(at)}. */
    public static String format(OffsetDateTime at) {
        StringBuilder out = new StringBuilder(36);
        int year = at.getYear();
        if (year < 0) {
            out.append('-');
            pad(out, -(long) year, 4);
        } else if (year > 9999) {
            // The formatter's sign style (EXCEEDS_PAD): a plus once the year is wider than four digits.
            out.append('+').append(year);
        } else {
            pad(out, year, 4);
        }
        out.append('-');
        pad(out, at.getMonthValue(), 2);
        out.append('-');
        pad(out, at.getDayOfMonth(), 2);
        out.append('T');
        pad(out, at.getHour(), 2);
        out.append(':');
        pad(out, at.getMinute(), 2);
        out.append(':');
        pad(out, at.getSecond(), 2);
        int nano = at.getNano();
        if (nano != 0) {
            // The fraction's digits without trailing zeros (0 to 9 of them).
            String digits = Integer.toString(1_000_000_000 + nano).substring(1);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(digits, 0, end);
        }
        int offset = at.getOffset().getTotalSeconds();
        if (offset == 0) {
            return out.append('Z').toString();
        }
        int absolute = Math.abs(offset);
        out.append(offset < 0 ? '-' : '+');
        pad(out, absolute / 3600, 2);
        out.append(':');
        pad(out, absolute / 60 % 60, 2);
        if (absolute % 60 != 0) {
            out.append(':');
            pad(out, absolute % 60, 2);
        }
        return out.toString();
    }

    private static void pad(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }
}
