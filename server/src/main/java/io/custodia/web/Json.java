package io.custodia.web;

import java.util.List;
import java.util.Map;

/**
 * A value of an API answer as the templates read it: a missing key reads as empty, never as an
 * error, so a field hidden from the viewer simply shows nothing.
 */
public final class Json {
    private static final Json EMPTY = new Json(null);

    private final Object value;

    private Json(Object value) {
        this.value = value;
    }

    public static Json of(Object value) {
        return value == null ? EMPTY : new Json(value);
    }

    public Json get(String key) {
        return value instanceof Map<?, ?> map ? of(map.get(key)) : EMPTY;
    }

    /** The text at {@code key}, or "" when absent. */
    public String s(String key) {
        return get(key).text();
    }

    public boolean has(String key) {
        return value instanceof Map<?, ?> map && map.get(key) != null;
    }

    /** Whether the answer carries {@code key} at all, even empty: a field hidden from the viewer is not carried. */
    public boolean hasKey(String key) {
        return value instanceof Map<?, ?> map && map.containsKey(key);
    }

    public boolean bool(String key) {
        return Boolean.TRUE.equals(get(key).value);
    }

    public List<Json> list(String key) {
        return get(key).items();
    }

    /** The elements of an array (an answer's {@code items} when this is a page). */
    public List<Json> items() {
        if (value instanceof List<?> list) {
            return list.stream().map(Json::of).toList();
        }
        if (value instanceof Map<?, ?> map && map.get("items") instanceof List<?> list) {
            return list.stream().map(Json::of).toList();
        }
        return List.of();
    }

    public String text() {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }

    /** A value as the engine writes it ({@code {"value": ...}}) or as a plain scalar: its text. */
    public String value() {
        return has("value") ? s("value") : text();
    }

    public boolean present() {
        return value != null;
    }

    /** The keys of an object, in the answer's order. */
    public List<String> keys() {
        return value instanceof Map<?, ?> map
                ? map.keySet().stream().map(String::valueOf).toList()
                : List.of();
    }

    Object raw() {
        return value;
    }

    @Override
    public String toString() {
        return text();
    }
}
