package io.custodia.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells of every CSV file the server writes, and how an import reads them back (OWASP, "CSV
 * Injection"). A text that begins with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a
 * carriage return is a formula to a spreadsheet, so it leaves with an apostrophe in front, which
 * spreadsheets show as text and do not display. To give back exactly what was exported, a text
 * that already begins with apostrophes before such a character gets one more; an import takes one
 * apostrophe off a cell that has one before such a character (and only such a cell). Numbers, dates
 * and ids are never touched: a negative amount stays a number.
 *
 * <p>The same holds after every semicolon in a text: a spreadsheet set to a language whose list
 * separator is the semicolon (Portuguese, among others) opens a comma-separated file by splitting
 * its lines at semicolons, so {@code x;=1+1} would give a cell {@code =1+1} there; it is written
 * {@code x;'=1+1}.
 */
public final class CsvCells {
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private CsvCells() {}

    /** The value as the cell to write: neutralised if it is text a spreadsheet would run. */
    public static Object cell(Object value) {
        if (value instanceof CharSequence text) {
            StringBuilder cell = new StringBuilder(text);
            List<Integer> starts = starts(cell);
            for (int k = starts.size() - 1; k >= 0; k--) {
                int start = starts.get(k);
                if (formula(cell, start)) {
                    cell.insert(start, '\'');
                }
            }
            return cell.toString();
        }
        return value;
    }

    /** The value an exported cell stands for: the apostrophe {@link #cell} added, taken off. */
    public static String original(String cell) {
        if (cell == null) {
            return null;
        }
        StringBuilder text = new StringBuilder(cell);
        List<Integer> starts = starts(text);
        for (int k = starts.size() - 1; k >= 0; k--) {
            int start = starts.get(k);
            if (start < text.length() && text.charAt(start) == '\'' && formula(text, start)) {
                text.deleteCharAt(start);
            }
        }
        return text.toString();
    }

    /** Every cell of an imported line, as {@link #original}. */
    public static Map<String, String> originals(Map<String, String> line) {
        Map<String, String> values = new LinkedHashMap<>();
        line.forEach((column, cell) -> values.put(column, original(cell)));
        return values;
    }

    /** Where a spreadsheet may begin a cell in this text: its start, and after every semicolon (in order). */
    private static List<Integer> starts(CharSequence text) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ';') {
                starts.add(i + 1);
            }
        }
        return starts;
    }

    /** Whether the text from this position, after any apostrophes there, begins like a formula. */
    private static boolean formula(CharSequence text, int start) {
        int i = start;
        while (i < text.length() && text.charAt(i) == '\'') {
            i++;
        }
        return i < text.length() && FORMULA_STARTS.indexOf(text.charAt(i)) >= 0;
    }
}
