package io.custodia.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cells of every CSV file the server writes, and how an import reads them back (OWASP, "CSV
 * Injection"). A text that begins with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a
 * carriage return is a formula to a spreadsheet, so it leaves with an apostrophe in front, which
 * spreadsheets show as text and do not display. To give back exactly what was exported, a text
 * that already begins with apostrophes before such a character gets one more; an import takes one
 * apostrophe off a cell that has one before such a character (and only such a cell). Numbers, dates
 * and ids are never touched: a negative amount stays a number.
 */
public final class CsvCells {
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private CsvCells() {}

    /** The value as the cell to write: neutralised if it is text a spreadsheet would run. */
    public static Object cell(Object value) {
        if (value instanceof CharSequence text) {
            String s = text.toString();
            return formula(s) ? "'" + s : s;
        }
        return value;
    }

    /** The value an exported cell stands for: the apostrophe {@link #cell} added, taken off. */
    public static String original(String cell) {
        return cell != null && cell.startsWith("'") && formula(cell) ? cell.substring(1) : cell;
    }

    /** Every cell of an imported line, as {@link #original}. */
    public static Map<String, String> originals(Map<String, String> line) {
        Map<String, String> values = new LinkedHashMap<>();
        line.forEach((column, cell) -> values.put(column, original(cell)));
        return values;
    }

    /**
     * What the CSV reader found wrong, in its own words but without the names of the Java classes
     * it wraps them in.
     */
    public static String unreadable(Exception e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() instanceof IOException io ? io : e;
        String message = cause.getMessage();
        return message == null ? "malformed CSV" : message.replaceAll("(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*: ", "");
    }

    /** Whether the text, after any apostrophes it begins with, begins like a formula. */
    private static boolean formula(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) == '\'') {
            i++;
        }
        return i < text.length() && FORMULA_STARTS.indexOf(text.charAt(i)) >= 0;
    }
}
