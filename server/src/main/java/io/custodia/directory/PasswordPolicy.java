package io.custodia.directory;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.custodia.platform.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.matching.match.DictionaryMatch;
import me.gosimple.nbvcxz.resources.Configuration;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Dictionary;
import me.gosimple.nbvcxz.resources.DictionaryBuilder;
import me.gosimple.nbvcxz.scoring.Result;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Which passwords may be chosen, after NIST SP 800-63B (5.1.1.2): at least eight characters (the
 * request's own check), no composition rules, and none that is easy to guess. nbvcxz judges that
 * with its own dictionaries (100,000 common and breached passwords, names, surnames, English
 * words, the EFF word list) and its patterns (repeats, sequences, keyboard walks, years, dates,
 * leet), plus our short list of common Brazilian passwords and Portuguese words
 * ({@code passwords/pt-br.txt}, which says where it comes from), and a dictionary of the words this
 * person and workspace make guessable (the e-mail, the
 * name, the workspace); a password whose estimated entropy is under the library's minimum (35
 * bits) is refused, with the library's own feedback in the caller's language.
 */
@Component
public class PasswordPolicy {
    private static final String CONTEXT = "context";
    private static final String PASSWORDS = "passwords";
    private static final List<Dictionary> DICTIONARIES = dictionaries();
    private static final Set<String> LISTED = DICTIONARIES.stream()
            .filter(d -> d.getDictionaryName().equals(PASSWORDS))
            .flatMap(d -> d.getDictonary().keySet().stream())
            .collect(Collectors.toUnmodifiableSet());
    // Long passwords made of few distinct characters make the library's search slow (a second of CPU
    // for 128 times "a", on an endpoint open to anyone at sign-up): it judges the first 64 characters,
    // which alone must be hard to guess, and past 100 ms settles for the best split found so far.
    private static final int JUDGED_LENGTH = 64;
    private static final long SEARCH_MILLIS = 100;

    private final MessageSource messages;

    public PasswordPolicy(MessageSource messages) {
        this.messages = messages;
    }

    /** How many passwords the library's list of common and breached passwords holds. */
    public static int commonPasswords() {
        return LISTED.size();
    }

    /**
     * Refuses (422 on {@code field}, in the caller's language) a password that this person may not
     * choose here.
     */
    public void require(String field, String password, String... context) {
        refusal(password, LocaleContextHolder.getLocale(), context).ifPresent(why -> {
            throw ApiProblem.invalid(field, why);
        });
    }

    /**
     * Why this password may not be chosen, in the language of {@code locale}, given the words that
     * make it guessable here (e-mail, name, workspace); empty when it may.
     */
    public Optional<String> refusal(String password, Locale locale, String... context) {
        boolean portuguese = locale.getLanguage().equals("pt");
        List<Dictionary> dictionaries = new ArrayList<>(DICTIONARIES);
        dictionaries.add(new DictionaryBuilder()
                .setDictionaryName(CONTEXT)
                .addWords(words(context), 1)
                .createDictionary());
        Configuration configuration = new ConfigurationBuilder()
                .setDictionaries(dictionaries)
                // The root locale keeps the JVM's own language out of the library's English.
                .setLocale(portuguese ? locale : Locale.ROOT)
                .setCombinationAlgorithmTimeout(SEARCH_MILLIS)
                .setMaxLength(JUDGED_LENGTH)
                .createConfiguration();
        Result result = new Nbvcxz(configuration).estimate(password);
        Locale language = portuguese ? locale : Locale.ENGLISH;
        List<String> why = result.isMinimumEntropyMet() ? listed(password, configuration) : feedback(result, language);
        return why.isEmpty()
                ? Optional.empty()
                : Optional.of(messages.getMessage("password.weak", null, language) + " " + String.join(" ", why));
    }

    /**
     * The estimator misses a few passwords that are on its own list whole (eternal1, dtcyf2010): it
     * rates their letters one by one. Listed is listed.
     */
    private static List<String> listed(String password, Configuration configuration) {
        return LISTED.contains(password.toLowerCase(Locale.ROOT))
                ? List.of(configuration
                        .getFeedbackResource()
                        .getString("feedback.dictionary.warning.passwords.veryCommon"))
                : List.of();
    }

    /** The library's warning and suggestions; a personal word is said to be one, not "a common password". */
    private List<String> feedback(Result result, Locale language) {
        List<String> why = new ArrayList<>();
        boolean personal = result.getMatches().stream()
                .anyMatch(m ->
                        m instanceof DictionaryMatch d && d.getDictionaryName().equals(CONTEXT));
        String warning = personal
                ? messages.getMessage("password.personal", null, language)
                : result.getFeedback().getWarning();
        if (warning != null) {
            why.add(warning);
        }
        why.addAll(result.getFeedback().getSuggestion());
        return why;
    }

    /**
     * The library's dictionaries and the Portuguese list, under the library's name for passwords so
     * that its feedback calls a match a common password.
     */
    private static List<Dictionary> dictionaries() {
        DictionaryBuilder portuguese = new DictionaryBuilder().setDictionaryName(PASSWORDS);
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("/passwords/pt-br.txt")) {
            // INVARIANT: a missing list fails startup rather than silently accepting weaker passwords.
            List<String> lines = new String(
                            Objects.requireNonNull(in, "passwords/pt-br.txt").readAllBytes(), UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
            for (int rank = 1; rank <= lines.size(); rank++) {
                portuguese.addWord(lines.get(rank - 1), rank);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Dictionary> all = new ArrayList<>(ConfigurationBuilder.getDefaultDictionaries());
        all.add(portuguese.createDictionary());
        return List.copyOf(all);
    }

    /** The context's words, whole and in parts, lower-case, of three letters or more. */
    static Set<String> words(String... context) {
        Set<String> words = new LinkedHashSet<>();
        for (String text : context) {
            if (text == null) {
                continue;
            }
            String lower = text.strip().toLowerCase(Locale.ROOT);
            words.add(lower);
            for (String part : lower.split("[\\s@.+_-]+")) {
                words.add(part);
            }
        }
        words.add("custodia");
        words.removeIf(w -> w.length() < 3);
        return words;
    }
}
