package io.custodia;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Code names types by imports, so that a reader (and a tool) sees a file's dependencies at its top.
 * A name written in full in code (not in strings or comments) is allowed only where its simple
 * name is already taken in that file by another type, imported or declared: then one of the two
 * must be written in full.
 */
class InlineQualifiedNamesTest {
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])((?:java|javax|jakarta|org|com|io|net|de|me|no|dev|tools)(?:\\.[a-z_][a-z0-9_]*)+)\\.([A-Z]\\w*)");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (static )?([\\w.]+)\\.(\\w+);");
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");
    private static final Pattern HEADER = Pattern.compile("(?m)^(?:package|import) [^\\n]*\\n");

    @Test
    void codeNamesTypesByImports() throws IOException {
        List<String> inline = new ArrayList<>();
        Path reactor = Path.of("").toAbsolutePath().getParent();
        for (String module : List.of("policy", "server", "bench")) {
            try (Stream<Path> files = Files.walk(reactor.resolve(module).resolve("src"))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    inline.addAll(inlineNames(reactor.relativize(file), Files.readString(file)));
                }
            }
        }
        assertThat(inline)
                .as("types written in full in code instead of imported")
                .isEmpty();
    }

    @Test
    void theCheckSeesNamesInCodeOnly() {
        String source = "package a;\nimport java.util.List;\nclass A {\n"
                + "  java.util.Map<String, String> m; // java.util.Set in a comment\n"
                + "  String s = \"java.util.Deque\";\n"
                + "  io.custodia.policy.Condition c; org.jooq.Condition d;\n"
                + "  java.util.List<String> l;\n"
                + "  @org.junit.jupiter.api.Test void t() {}\n}\n";
        String withClash = source.replace("package a;\n", "package a;\nimport org.jooq.Condition;\n");

        assertThat(inlineNames(Path.of("A.java"), source))
                .containsExactly(
                        "A.java: java.util.Map",
                        "A.java: io.custodia.policy.Condition",
                        "A.java: org.jooq.Condition",
                        "A.java: java.util.List",
                        "A.java: org.junit.jupiter.api.Test");
        assertThat(inlineNames(Path.of("A.java"), withClash))
                .as("a clash leaves one of the two in full")
                .containsExactly(
                        "A.java: java.util.Map",
                        "A.java: org.jooq.Condition",
                        "A.java: java.util.List",
                        "A.java: org.junit.jupiter.api.Test");
    }

    private static List<String> inlineNames(Path file, String source) {
        String code = codeOnly(source);
        Set<String> taken = new HashSet<>();
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            if (imports.group(1) == null) {
                taken.add(imports.group(3) + " " + imports.group(2) + "." + imports.group(3));
            }
        }
        Matcher declared = DECLARED.matcher(code);
        while (declared.find()) {
            taken.add(declared.group(1) + " (declared)");
        }
        int start = 0;
        Matcher header = HEADER.matcher(source);
        while (header.find()) {
            start = header.end();
        }
        List<String> found = new ArrayList<>();
        Matcher name = QUALIFIED.matcher(code);
        name.region(start, code.length());
        while (name.find()) {
            String simple = name.group(2);
            String full = name.group(1) + "." + simple;
            boolean clash = taken.stream().anyMatch(t -> t.startsWith(simple + " ") && !t.equals(simple + " " + full));
            if (!clash) {
                found.add(file + ": " + full);
            }
        }
        return found;
    }

    /** The source with string and character literals, text blocks and comments blanked, same length. */
    private static String codeOnly(String source) {
        char[] out = source.toCharArray();
        int i = 0;
        while (i < out.length) {
            int end;
            if (source.startsWith("\"\"\"", i)) {
                end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? out.length : end + 3;
            } else if (out[i] == '"' || out[i] == '\'') {
                end = i + 1;
                while (end < out.length && source.charAt(end) != source.charAt(i)) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, out.length);
            } else if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
                end = end < 0 ? out.length : end;
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? out.length : end + 2;
            } else {
                i++;
                continue;
            }
            for (int k = i; k < end; k++) {
                if (out[k] != '\n') {
                    out[k] = ' ';
                }
            }
            i = end;
        }
        return new String(out);
    }
}
