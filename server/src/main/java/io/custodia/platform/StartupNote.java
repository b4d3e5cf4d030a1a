package io.custodia.platform;

import java.util.Optional;

/**
 * A line a feature adds to the start-up banner, about what whoever started the server should do
 * next (the first workspace, say); {@code consoleUrl} is the console's address without a final slash.
 */
public interface StartupNote {
    Optional<String> note(String consoleUrl);
}
