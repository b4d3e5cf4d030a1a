package io.custodia.records;

import io.custodia.platform.ApiProblem;
import io.custodia.policy.BuiltInField;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.FieldType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * How an import reads a CSV file as spreadsheets write it: the delimiter found in the header line
 * (a comma, or the semicolon that spreadsheets set to Portuguese and other languages write, or a
 * tab), and a broken quote reported by the line it begins on, in our words (the parser's own
 * exception text names its classes and internals).
 */
final class CsvLines {
    /** The columns an export adds next to an id for people to read; an import leaves them out. */
    static final Set<String> NAME_COLUMNS = Set.of("owner", "stage", "pipeline");

    private static final String BROKEN_QUOTE = "line {0}: a quote opens a cell and is not closed, or a text follows the"
            + " closing quote (inside a quoted cell, write a quote as two quotes)";

    private CsvLines() {}

    /** One line of the file after the header, and its number in the file (the header is line 1). */
    @FunctionalInterface
    interface Line {
        void read(CSVRecord line, long number);
    }

    /** The delimiter of the file: whichever of comma, semicolon and tab the header line holds most of, outside quotes. */
    static char delimiter(String csv) {
        int comma = 0;
        int semicolon = 0;
        int tab = 0;
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted && c == ',') {
                comma++;
            } else if (!quoted && c == ';') {
                semicolon++;
            } else if (!quoted && c == '\t') {
                tab++;
            }
        }
        if (semicolon > comma && semicolon >= tab) {
            return ';';
        }
        return tab > comma ? '\t' : ',';
    }

    /** Reads every line after the header; a line the reader cannot make out ends the file with 400 naming it. */
    static void forEach(String csv, Line each) {
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delimiter(csv))
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        CSVParser parser;
        try {
            parser = CSVParser.parse(csv, format);
        } catch (IOException | UncheckedIOException e) {
            throw ApiProblem.badRequest(BROKEN_QUOTE, 1);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw ApiProblem.badRequest("line 1: the header line must name each column once, and none may be blank");
        }
        try (parser) {
            Iterator<CSVRecord> lines = parser.iterator();
            while (true) {
                // The physical line the next record begins on (a quoted cell may span lines).
                long starts = parser.getCurrentLineNumber() + 1;
                CSVRecord line;
                try {
                    if (!lines.hasNext()) {
                        return;
                    }
                    line = lines.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw ApiProblem.badRequest(BROKEN_QUOTE, starts);
                }
                each.read(line, line.getRecordNumber() + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // closing a parser over a string reads nothing
        }
    }

    /**
     * A CSV line as a request body: empty cells are absent, numbers and yes/no parsed by the field's
     * kind; custom fields as {@code fields.<key>} or, as exports write them, by their key alone; the
     * name columns an export adds ({@link #NAME_COLUMNS}) left out, their ids being what counts.
     */
    static Map<String, Object> body(
            RecordType t, Map<String, String> line, FieldCatalog catalog, Set<String> customKeys) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        line.forEach((column, value) -> {
            if (value == null || value.isEmpty()) {
                return;
            }
            var builtIn = t.builtIn(column);
            String key = column.startsWith("fields.") ? column.substring("fields.".length()) : column;
            var type = catalog.typeOf(t.entity(), key);
            if (builtIn.isEmpty() && (column.startsWith("fields.") || customKeys.contains(column))) {
                custom.put(key, type.orElse(null) == FieldType.NUMBER ? number(value) : value);
            } else if (builtIn.isEmpty() && NAME_COLUMNS.contains(column)) {
                return;
            } else if (builtIn.isPresent() && builtIn.get().kind() == BuiltInField.Kind.NUMBER) {
                body.put(column, number(value));
            } else if (builtIn.isPresent() && builtIn.get().kind() == BuiltInField.Kind.BOOLEAN) {
                body.put(
                        column,
                        value.equalsIgnoreCase("true")
                                ? Boolean.TRUE
                                : value.equalsIgnoreCase("false") ? Boolean.FALSE : value);
            } else {
                body.put(column, value);
            }
        });
        if (!custom.isEmpty()) {
            body.put("fields", custom);
        }
        return body;
    }

    private static Object number(String value) {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }
}
