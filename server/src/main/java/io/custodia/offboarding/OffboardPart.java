package io.custodia.offboarding;

import io.custodia.platform.ApiProblem;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A part of a person's work that an offboarding moves: the body's {@code what}. */
enum OffboardPart {
    RECORDS,
    LISTS,
    CONVERSATIONS,
    SHARES;

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How many of this part the preview's counts give: records are every record type's count together. */
    long count(Map<String, Long> counts) {
        if (this != RECORDS) {
            return counts.getOrDefault(key(), 0L);
        }
        Set<String> others = Arrays.stream(values()).map(OffboardPart::key).collect(Collectors.toSet());
        return counts.entrySet().stream()
                .filter(e -> !others.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** The parts a body names (all four when it names none at all); 422 for an empty list or an unknown part. */
    static Set<OffboardPart> parse(List<String> what) {
        if (what == null) {
            return EnumSet.allOf(OffboardPart.class);
        }
        if (what.isEmpty()) {
            throw ApiProblem.invalid("what", "must name at least one of records, lists, conversations, shares");
        }
        Set<OffboardPart> parts = EnumSet.noneOf(OffboardPart.class);
        for (String key : what) {
            OffboardPart part = Arrays.stream(values())
                    .filter(p -> p.key().equals(key))
                    .findFirst()
                    .orElseThrow(() -> ApiProblem.invalid(
                            "what", "each part must be one of records, lists, conversations, shares"));
            parts.add(part);
        }
        return parts;
    }
}
