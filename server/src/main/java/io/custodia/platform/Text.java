package io.custodia.platform;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.springframework.context.MessageSource;

/**
 * A text a person reads later (a notification), kept as its message key and arguments rather than
 * as words, so that it is rendered in the reader's language when they read it, not the writer's.
 * Arguments are names and counts as they were, never translated themselves.
 */
public record Text(String key, List<String> args) {
    public Text {
        Objects.requireNonNull(key, "key");
        args = List.copyOf(args);
    }

    public static Text of(String key, Object... args) {
        return new Text(key, Arrays.stream(args).map(String::valueOf).toList());
    }

    /** The words in this language; a key the bundle lacks shows as itself rather than failing a read. */
    public String in(MessageSource messages, Locale locale) {
        return messages.getMessage(key, args.toArray(), key, locale);
    }
}
