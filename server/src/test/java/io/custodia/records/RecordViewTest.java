package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** A record view's JSON, written directly, is the text Jackson writes for the same map, value kind by kind. */
class RecordViewTest {
    private static final JsonMapper JACKSONS = JsonMapper.builder().build();
    private static final JsonMapper OURS = JsonMapper.builder()
            .addModule(new SimpleModule().addSerializer(RecordView.class, new RecordView.Writer()))
            .build();

    @Test
    void writesWhatJacksonWritesForTheSameMap() {
        RecordView view = new RecordView();
        view.put("id", UUID.fromString("0b6d1c1e-3f5a-4c2e-9d0b-7a1e2f3c4d5e"));
        view.put("title", "Quote \"é\" \u0000 \n \ud800 <tag> & 日本");
        view.put("amount", new BigDecimal("1234567890.1234567890"));
        view.put("tiny", new BigDecimal("1E-20"));
        view.put("count", 42L);
        view.put("small", 7);
        view.put("ratio", 0.1);
        view.put("flag", false);
        view.put("none", null);
        view.put("at", OffsetDateTime.of(2026, 12, 7, 3, 4, 5, 120_000_000, ZoneOffset.UTC));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("empty", null);
        fields.put("n", 1e300);
        fields.put("text", "");
        view.put("fields", fields);
        view.put("can", Map.of("update", true));
        view.put("contactIds", List.of(UUID.fromString("00000000-0000-0000-0000-000000000001")));
        view.put("nothing", List.of());
        view.put("mixed", Arrays.asList(1, "two", null, Map.of()));
        assertThat(OURS.writeValueAsString(view)).isEqualTo(JACKSONS.writeValueAsString(new LinkedHashMap<>(view)));
        assertThat(OURS.writeValueAsString(List.of(view, view)))
                .isEqualTo(JACKSONS.writeValueAsString(List.of(new LinkedHashMap<>(view), new LinkedHashMap<>(view))));
    }
}
