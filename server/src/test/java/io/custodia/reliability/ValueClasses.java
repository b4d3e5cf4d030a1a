package io.custodia.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The value classes of issue #22, each as it travels in a JSON body (the literal, bytes, since one
 * class is not UTF-8), in a query string or form (percent-encoded) and in a CSV cell (text, or
 * bytes where the class is not text at all).
 */
final class ValueClasses {
    private ValueClasses() {}

    /** One class of odd value. */
    record ValueClass(String name, byte[] json, String query, byte[] csv) {
        /** The JSON body with this class in place of {@code marker} (a quoted string in {@code body}). */
        byte[] into(String body, String marker) {
            int at = body.indexOf(marker);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(body.substring(0, at).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(json);
            out.writeBytes(body.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
    }

    private static ValueClass text(String name, String jsonEscaped, String query, String csv) {
        return new ValueClass(
                name,
                ("\"" + jsonEscaped + "\"").getBytes(StandardCharsets.UTF_8),
                query,
                csv.getBytes(StandardCharsets.UTF_8));
    }

    private static ValueClass number(String name, String literal, String query) {
        return new ValueClass(
                name, literal.getBytes(StandardCharsets.UTF_8), query, literal.getBytes(StandardCharsets.UTF_8));
    }

    private static final String LONG = "x".repeat(100_000);
    private static final String HUGE_INTEGER = "1" + "0".repeat(400);

    static final List<ValueClass> ALL = List.of(
            text("NUL", "a\\u0000b", "a%00b", "a\u0000b"),
            text("control U+0007", "a\\u0007b", "a%07b", "a\u0007b"),
            text("control U+001B (terminal escape)", "\\u001b[31mred", "%1B%5B31mred", "\u001b[31mred"),
            text("control U+0085 (C1)", "a\\u0085b", "a%C2%85b", "a\u0085b"),
            // A lone surrogate cannot be written as UTF-8; in a CSV it is sent as its three bytes.
            new ValueClass(
                    "lone high surrogate", "\"a\\ud800\"".getBytes(StandardCharsets.UTF_8), "a%ED%A0%80", new byte[] {
                        'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80
                    }),
            new ValueClass(
                    "lone low surrogate", "\"\\udc00b\"".getBytes(StandardCharsets.UTF_8), "%ED%B0%80b", new byte[] {
                        (byte) 0xED, (byte) 0xB0, (byte) 0x80, 'b'
                    }),
            new ValueClass("invalid UTF-8", new byte[] {'"', (byte) 0xFF, (byte) 0xFE, '"'}, "%FF%FE", new byte[] {
                (byte) 0xFF, (byte) 0xFE
            }),
            text("100k characters", LONG, LONG, LONG),
            number("1e400", "1e400", "1e400"),
            number("-1e400", "-1e400", "-1e400"),
            number("1e-400", "1e-400", "1e-400"),
            number("a 401-digit integer", HUGE_INTEGER, HUGE_INTEGER),
            number("NaN", "NaN", "NaN"),
            number("Infinity", "Infinity", "Infinity"),
            number("-Infinity", "-Infinity", "-Infinity"),
            text("\"NaN\" as text", "NaN", "NaN", "NaN"),
            number("-0", "-0", "-0"),
            number("-0.0", "-0.0", "-0.0"),
            text("date of year -1", "-0001-01-01", "-0001-01-01", "-0001-01-01"),
            text("date of year 0", "0000-01-01", "0000-01-01", "0000-01-01"),
            text("date of year 10000", "+10000-01-01", "%2B10000-01-01", "+10000-01-01"),
            text("date of year +999999999", "+999999999-12-31", "%2B999999999-12-31", "+999999999-12-31"),
            text("date-time of year -1", "-0001-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "-0001-01-01T00:00:00Z"),
            text("date-time of year 0", "0000-06-01T00:00:00Z", "0000-06-01T00:00:00Z", "0000-06-01T00:00:00Z"),
            text(
                    "date-time of year 10000",
                    "+10000-01-01T00:00:00Z",
                    "%2B10000-01-01T00:00:00Z",
                    "+10000-01-01T00:00:00Z"),
            text(
                    "date-time of year +999999999",
                    "+999999999-12-31T23:59:59Z",
                    "%2B999999999-12-31T23:59:59Z",
                    "+999999999-12-31T23:59:59Z"),
            text(
                    "offset +18:00",
                    "2026-01-01T00:00:00+18:00",
                    "2026-01-01T00:00:00%2B18:00",
                    "2026-01-01T00:00:00+18:00"),
            text(
                    "offset -18:00",
                    "2026-01-01T00:00:00-18:00",
                    "2026-01-01T00:00:00-18:00",
                    "2026-01-01T00:00:00-18:00"),
            text("empty", "", "", ""),
            text("blank", "   ", "%20%20%20", "   "));
}
