package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Every problem text the server can raise has its Brazilian Portuguese (issue #28): the sources are
 * read for each place that takes a problem's words (the template of {@link ProblemText#of}, a
 * detail or title of {@link ApiProblem}, a field error's message, a filter's problem), and each
 * English template found there must be a key of {@code i18n/problems_pt_BR.json} with the same
 * placeholders. A template that is not a literal (or a constant, or a choice between literals) is
 * refused unless it is listed below with why its words are translated elsewhere.
 */
class ProblemTextsTest {
    private static final Path SOURCES = Path.of("src/main/java");
    /** The engine's messages (a role's violations) are read there, and written by the server. */
    private static final Path ENGINE = Path.of("../policy/src/main/java");

    /** Where a call takes its template: the call's opening, and which arguments are words. */
    private static final Map<Pattern, int[]> TAKES_WORDS = Map.ofEntries(
            Map.entry(
                    Pattern.compile("ApiProblem\\.(notFound|forbiddenBecause|conflict|badRequest)\\("), new int[] {0}),
            Map.entry(Pattern.compile("ApiProblem\\.invalid\\("), new int[] {1}),
            Map.entry(Pattern.compile("new (ApiProblem\\.)?FieldError\\("), new int[] {1}),
            Map.entry(Pattern.compile("new ApiProblem\\(|super\\(\\s*HttpStatus\\."), new int[] {1, 2}),
            Map.entry(Pattern.compile("ProblemText\\.of\\("), new int[] {0}),
            Map.entry(Pattern.compile("ProblemResponses\\.write\\("), new int[] {3}),
            Map.entry(Pattern.compile("\\brespond\\("), new int[] {1, 2}),
            Map.entry(Pattern.compile("\\bfail\\("), new int[] {1}),
            Map.entry(Pattern.compile("\\brequireHeld\\("), new int[] {2}),
            Map.entry(Pattern.compile("Verdict\\.deny\\("), new int[] {0}));

    /**
     * Words that are not a literal where they are taken, by file and expression, and why that is
     * safe: each is a {@link ProblemText} built from literals elsewhere (which this test reads
     * there), a template a helper passes on, or words already in the caller's language.
     */
    private static final Set<String> NOT_LITERAL = Set.of(
            // helpers and factories that pass a template (and its arguments) on
            "platform/ApiProblem.java: title",
            "platform/ApiProblem.java: detail",
            "platform/ApiProblem.java: message",
            "platform/ApiProblem.java: what",
            "platform/ApiExceptionHandler.java: title",
            "platform/ApiExceptionHandler.java: detail",
            "platform/ApiExceptionHandler.java: message",
            "platform/ProblemResponses.java: title",
            "platform/ProblemResponses.java: detail",
            "platform/ProblemErrorController.java: detail",
            "access/SharingRuleBody.java: message",
            "access/SharingRuleBody.java: v.template()",
            "access/RoleController.java: v.template()",
            "policy/RoleDocument.java: message",
            "policy/ConversationAccess.java: template",
            "conversations/ConversationController.java: verdict.template()",
            "access/SystemPermissionGuard.java: why",
            // a ProblemText from a literal of the same file or of ValueRules
            "platform/ApiExceptionHandler.java: expected(e.getRequiredType())",
            "platform/JsonBodyValues.java: problem.get()",
            "platform/ParameterValues.java: p",
            "platform/ValueRules.java: problem",
            "records/FieldValues.java: ValueRules.NUMBER_RANGE",
            "records/FieldValues.java: p",
            "records/Reports.java: problem",
            "records/RecordService.java: e.why()",
            "access/SharingRuleBody.java: odd.get()",
            "access/SharingRuleBody.java: e.message()",
            "directory/SsoConfiguration.java: why",
            "integrations/AppRules.java: problem",
            "integrations/IntegrationController.java: problem",
            "integrations/AppCalls.java: refusal.get()",
            "access/CampaignDecisions.java: problem",
            "access/CampaignStart.java: problem",
            // reason phrases, each checked by reasonPhrasesHaveTheirPortuguese
            "platform/ProblemReportValve.java: status.getReasonPhrase()",
            "platform/ProblemErrorController.java: status.getReasonPhrase()",
            "platform/ApiExceptionHandler.java: resolved.getReasonPhrase()",
            // already in the caller's language: the password library's feedback and our own bundle
            "directory/PasswordPolicy.java: why",
            // Bean Validation's messages: Hibernate Validator writes its own in the request's language,
            // and ours (message = "..." of a constraint) are read below as templates
            "platform/ApiExceptionHandler.java: f.getDefaultMessage()",
            "platform/ApiExceptionHandler.java: g.getDefaultMessage()");

    private static final Pattern CONSTANT =
            Pattern.compile("static final String (\\w+)\\s*=\\s*((?:\"(?:[^\"\\\\]|\\\\.)*\"\\s*\\+?\\s*)+);");
    /** The message a constraint annotation gives of its own. */
    private static final Pattern CONSTRAINT_MESSAGE = Pattern.compile("\\bmessage\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\")");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");

    @Test
    void everyProblemTextTheCodeRaisesHasItsPortuguese() throws IOException {
        Map<String, String> portuguese = ProblemTranslations.portuguese();
        Map<String, String> missing = new TreeMap<>();
        Set<String> notLiteral = new TreeSet<>();
        Set<String> found = templates(notLiteral);
        for (String template : found) {
            String translation = portuguese.get(template);
            if (translation == null) {
                missing.put(template, "");
            } else {
                assertThat(placeholders(translation)).as(template).isEqualTo(placeholders(template));
            }
        }
        assertThat(found).hasSizeGreaterThan(200);
        assertThat(missing.keySet())
                .as("problem texts without pt-BR in " + ProblemTranslations.BUNDLE)
                .isEmpty();
        assertThat(notLiteral).as("problem words that are not a literal").isEmpty();
    }

    @Test
    void theBundleHoldsNoTextTheCodeNoLongerRaises() throws IOException {
        Set<String> used = templates(new TreeSet<>());
        used.addAll(reasonPhrases());
        assertThat(new TreeSet<>(ProblemTranslations.portuguese().keySet()))
                .as("translations of texts no code raises")
                .isSubsetOf(used);
    }

    @Test
    void reasonPhrasesHaveTheirPortuguese() {
        assertThat(reasonPhrases())
                .allSatisfy(phrase ->
                        assertThat(ProblemTranslations.portuguese()).as(phrase).containsKey(phrase));
    }

    private static Set<String> reasonPhrases() {
        Set<String> phrases = new TreeSet<>();
        for (HttpStatus status : HttpStatus.values()) {
            if (status.value() >= 400) {
                phrases.add(status.getReasonPhrase());
            }
        }
        return phrases;
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /** Every template found in the sources; words that are not literals go to {@code notLiteral}. */
    static Set<String> templates(Set<String> notLiteral) throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Stream.concat(Files.walk(SOURCES), Files.walk(ENGINE))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String name = (file.startsWith(ENGINE) ? ENGINE : SOURCES)
                        .resolve("io/custodia")
                        .relativize(file)
                        .toString();
                String source = read(file);
                Map<String, String> constants = constants(source);
                Matcher constraint = CONSTRAINT_MESSAGE.matcher(source);
                while (constraint.find()) {
                    found.addAll(JavaArguments.literals(constraint.group(1), constants));
                }
                TAKES_WORDS.forEach((call, positions) -> {
                    Matcher m = call.matcher(source);
                    while (m.find()) {
                        int open = source.indexOf('(', m.start());
                        if (isDeclaration(source, open)) {
                            continue;
                        }
                        List<String> args = JavaArguments.split(source, open);
                        for (int position : positions) {
                            if (position >= args.size() || (call.pattern().contains("invalid") && args.size() < 2)) {
                                continue;
                            }
                            String arg = args.get(position).strip();
                            List<String> words = JavaArguments.literals(arg, constants);
                            if (words == null && !builtElsewhere(arg)) {
                                if (!NOT_LITERAL.contains(name + ": " + arg)) {
                                    notLiteral.add(name + ": " + arg);
                                }
                            } else if (words != null) {
                                found.addAll(words);
                            }
                        }
                    }
                });
            });
        }
        return found;
    }

    /** Words built by ProblemText.of (or a choice between such), which are read where that call is. */
    private static boolean builtElsewhere(String arg) {
        if (arg.startsWith("ProblemText.of(")) {
            return true;
        }
        int question = JavaArguments.topLevel(arg, '?');
        if (question < 0) {
            return false;
        }
        String branches = arg.substring(question + 1);
        int colon = JavaArguments.topLevel(branches, ':');
        return colon > 0
                && builtElsewhere(branches.substring(0, colon).strip())
                && builtElsewhere(branches.substring(colon + 1).strip());
    }

    /** A method's own declaration ({@code void fail(String path, ...) {}), not a call. */
    private static boolean isDeclaration(String source, int open) {
        int close = open;
        for (int depth = 0; close < source.length(); close++) {
            char c = source.charAt(close);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0) {
                break;
            }
        }
        String after = source.substring(close + 1).stripLeading();
        return after.startsWith("{") || after.startsWith("throws");
    }

    private static Map<String, String> constants(String source) {
        Map<String, String> constants = new TreeMap<>();
        Matcher m = CONSTANT.matcher(source);
        while (m.find()) {
            List<String> value = JavaArguments.literals(m.group(2), Map.of());
            if (value != null && value.size() == 1) {
                constants.put(m.group(1), value.get(0));
            }
        }
        return constants;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Enough of Java's syntax to find a call's arguments and the string literals among them. */
    static final class JavaArguments {
        private JavaArguments() {}

        /** The top-level arguments of the call whose {@code (} is at {@code open}. */
        static List<String> split(String source, int open) {
            List<String> args = new ArrayList<>();
            int depth = 0;
            int start = open + 1;
            for (int i = open; i < source.length(); i++) {
                char c = source.charAt(i);
                if (c == '"' || c == '\'') {
                    i = endOfQuote(source, i);
                } else if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                    if (depth == 0) {
                        String last = source.substring(start, i);
                        if (!last.isBlank() || !args.isEmpty()) {
                            args.add(last);
                        }
                        return args;
                    }
                } else if (c == ',' && depth == 1) {
                    args.add(source.substring(start, i));
                    start = i + 1;
                }
            }
            throw new IllegalStateException("unbalanced call at " + open);
        }

        /**
         * The words of an argument that is a literal, literals joined by {@code +}, a constant of
         * the file, or a choice ({@code a ? "x" : "y"}) between such; null for anything else.
         */
        static List<String> literals(String arg, Map<String, String> constants) {
            String text = arg.strip();
            if (constants.containsKey(text)) {
                return List.of(constants.get(text));
            }
            int question = topLevel(text, '?');
            if (question > 0) {
                int colon = topLevel(text.substring(question + 1), ':');
                if (colon < 0) {
                    return null;
                }
                List<String> yes = literals(text.substring(question + 1, question + 1 + colon), constants);
                List<String> no = literals(text.substring(question + 2 + colon), constants);
                if (yes == null || no == null) {
                    return null;
                }
                List<String> both = new ArrayList<>(yes);
                both.addAll(no);
                return both;
            }
            StringBuilder joined = new StringBuilder();
            int i = 0;
            boolean expectLiteral = true;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (expectLiteral && c == '"') {
                    int end = endOfQuote(text, i);
                    joined.append(unescape(text.substring(i + 1, end)));
                    i = end + 1;
                    expectLiteral = false;
                } else if (!expectLiteral && c == '+') {
                    i++;
                    expectLiteral = true;
                } else {
                    return null;
                }
            }
            return expectLiteral ? null : List.of(joined.toString());
        }

        static int topLevel(String text, char wanted) {
            int depth = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\'') {
                    i = endOfQuote(text, i);
                } else if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                } else if (c == wanted && depth == 0) {
                    return i;
                }
            }
            return -1;
        }

        private static int endOfQuote(String text, int at) {
            char quote = text.charAt(at);
            for (int i = at + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    return i;
                }
            }
            throw new IllegalStateException("unclosed quote at " + at);
        }

        private static String unescape(String literal) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < literal.length(); i++) {
                char c = literal.charAt(i);
                if (c == '\\' && i + 1 < literal.length()) {
                    char next = literal.charAt(++i);
                    out.append(
                            switch (next) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                default -> next;
                            });
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
