package io.custodia.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A layered map answers as a plain map given the same changes, and its earlier copies never change. */
class LayeredMapTest {

    @Test
    void everyCopyAnswersAsAPlainMapWithTheSameChangesAndEarlierCopiesStayAsTheyWere() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            Map<Integer, String> plain = new HashMap<>();
            for (int i = 0; i < random.nextInt(50); i++) {
                plain.put(random.nextInt(100), "v" + random.nextInt(5));
            }
            LayeredMap<Integer, String> layered = LayeredMap.of(plain);
            List<LayeredMap<Integer, String>> copies = new ArrayList<>();
            List<Map<Integer, String>> expected = new ArrayList<>();
            // More changes than a copy keeps apart, so that folds happen along the way.
            for (int step = 0; step < 4 * LayeredMap.FOLD_AFTER; step++) {
                int key = random.nextInt(100);
                if (random.nextInt(3) == 0) {
                    layered = layered.without(key);
                    plain.remove(key);
                } else {
                    String value = "v" + random.nextInt(5);
                    layered = layered.with(key, value);
                    plain.put(key, value);
                }
                copies.add(layered);
                expected.add(Map.copyOf(plain));
                for (int probe = 0; probe < 100; probe++) {
                    assertThat(layered.get(probe)).isEqualTo(plain.get(probe));
                    assertThat(layered.containsKey(probe)).isEqualTo(plain.containsKey(probe));
                    assertThat(layered.getOrDefault(probe, "none")).isEqualTo(plain.getOrDefault(probe, "none"));
                }
            }
            for (int i = 0; i < copies.size(); i++) {
                assertThat(copies.get(i)).as("copy %d", i).isEqualTo(expected.get(i));
                assertThat(copies.get(i)).hasSameSizeAs(expected.get(i));
            }
        }
    }

    @Test
    void removingAnAbsentKeyGivesTheSameMap() {
        LayeredMap<String, String> map = LayeredMap.of(Map.of("a", "1"));
        assertThat(map.without("b")).isSameAs(map);
        assertThat(map.without("a")).isEmpty();
    }

    @Test
    void refusesNullsAndChangesInPlace() {
        LayeredMap<String, String> map = LayeredMap.of(Map.of("a", "1"));
        assertThatThrownBy(() -> map.with("b", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> map.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
