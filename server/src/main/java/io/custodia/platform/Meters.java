package io.custodia.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Counters and timers with a few tags, registered once per name and tag values and then taken
 * from a map: the meters counted on every list page and every access decision must not build and
 * register a meter (tags sorted, filters run) each time.
 */
@Component
public class Meters {
    private final MeterRegistry registry;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    Meters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The counter of this name with these tags (name, value, name, value...). */
    public Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(
                key(name, tags),
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    /** The timer of this name with these tags (name, value, name, value...). */
    public Timer timer(String name, String description, String... tags) {
        return timers.computeIfAbsent(
                key(name, tags),
                k -> Timer.builder(name).description(description).tags(tags).register(registry));
    }

    private static List<String> key(String name, String... tags) {
        String[] key = new String[tags.length + 1];
        key[0] = name;
        System.arraycopy(tags, 0, key, 1, tags.length);
        return List.of(key);
    }
}
