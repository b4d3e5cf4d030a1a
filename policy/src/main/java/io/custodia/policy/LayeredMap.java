package io.custodia.policy;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An unmodifiable map whose changed copies share their entries: a copy with one entry changed holds
 * the entries shared with the map it came from and those changed since, and folds them into new
 * shared entries once {@link #FOLD_AFTER} have changed. So a cached snapshot of thousands of people
 * takes a change in a few microseconds instead of a copy of every entry, and the snapshot changed
 * from stays as it was. Lookups cost one probe more; iterating merges the two layers.
 */
public final class LayeredMap<K, V> extends AbstractMap<K, V> {
    static final int FOLD_AFTER = 64;

    /** Marks, among the changed entries, a key removed from the shared ones. */
    private static final Object REMOVED = new Object();

    private final Map<K, V> shared;
    private final Map<K, Object> changed;

    private LayeredMap(Map<K, V> shared, Map<K, Object> changed) {
        this.shared = shared;
        this.changed = changed;
    }

    /** A map of these entries (copied; no null keys or values). */
    public static <K, V> LayeredMap<K, V> of(Map<K, V> entries) {
        Map<K, V> copy = new HashMap<>(entries.size() * 2);
        entries.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
        return new LayeredMap<>(copy, Map.of());
    }

    /** A copy in which the key maps to the value; this map stays as it was. */
    public LayeredMap<K, V> with(K key, V value) {
        return changed(Objects.requireNonNull(key), Objects.requireNonNull(value));
    }

    /** A copy without the key; this map stays as it was. */
    public LayeredMap<K, V> without(K key) {
        return containsKey(key) ? changed(key, REMOVED) : this;
    }

    private LayeredMap<K, V> changed(K key, Object value) {
        Map<K, Object> more = new HashMap<>(changed);
        more.put(key, value);
        if (more.size() < FOLD_AFTER) {
            return new LayeredMap<>(shared, more);
        }
        Map<K, V> folded = new HashMap<>(shared);
        fold(folded, more);
        return new LayeredMap<>(folded, Map.of());
    }

    @SuppressWarnings("unchecked")
    private static <K, V> void fold(Map<K, V> into, Map<K, Object> changes) {
        changes.forEach((k, v) -> {
            if (v == REMOVED) {
                into.remove(k);
            } else {
                into.put(k, (V) v);
            }
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        Object value = changed.get(key);
        if (value != null) {
            return value == REMOVED ? null : (V) value;
        }
        return shared.get(key);
    }

    @Override
    public V getOrDefault(Object key, V otherwise) {
        V value = get(key);
        return value != null ? value : otherwise;
    }

    @Override
    public boolean containsKey(Object key) {
        Object value = changed.get(key);
        return value != null ? value != REMOVED : shared.containsKey(key);
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        if (changed.isEmpty()) {
            return Collections.unmodifiableMap(shared).entrySet();
        }
        Map<K, V> merged = new HashMap<>(shared);
        fold(merged, changed);
        return Collections.unmodifiableMap(merged).entrySet();
    }
}
