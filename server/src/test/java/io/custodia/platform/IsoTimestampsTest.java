package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** The direct timestamp writer gives, for every kind of value, the text of the formatter and of Jackson's own serializer. */
class IsoTimestampsTest {
    private static final JsonMapper JACKSONS = JsonMapper.builder().build();
    private static final JsonMapper OURS = JsonMapper.builder()
            .addModule(new SimpleModule().addSerializer(OffsetDateTime.class, new IsoTimestamps.Writer()))
            .build();

    @Test
    void writesWhatTheFormatterAndJacksonWrite() {
        List<OffsetDateTime> values = new ArrayList<>(List.of(
                OffsetDateTime.MIN,
                OffsetDateTime.MAX,
                OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.UTC),
                OffsetDateTime.of(10000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(-1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(-12345, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 12, 7, 3, 4, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 12, 7, 3, 4, 5, 100_000_000, ZoneOffset.ofHours(-3)),
                OffsetDateTime.of(2026, 12, 7, 3, 4, 5, 123_456_000, ZoneOffset.ofHoursMinutes(5, 30)),
                OffsetDateTime.of(2026, 12, 7, 3, 4, 5, 1, ZoneOffset.ofHoursMinutesSeconds(-9, -30, -15)),
                OffsetDateTime.of(2026, 12, 7, 3, 4, 5, 0, ZoneOffset.MAX),
                OffsetDateTime.of(2026, 12, 7, 3, 4, 5, 0, ZoneOffset.MIN)));
        Random random = new Random(26);
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(
                    random.nextLong(Instant.MIN.getEpochSecond() + 86_400, Instant.MAX.getEpochSecond() - 86_400),
                    switch (random.nextInt(3)) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            ZoneOffset offset = switch (random.nextInt(3)) {
                case 0 -> ZoneOffset.UTC;
                case 1 -> ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 3600, 18 * 3600 + 1));
                default -> ZoneOffset.ofTotalSeconds(random.nextInt(-18, 19) * 900);
            };
            values.add(OffsetDateTime.ofInstant(at, offset));
        }
        for (OffsetDateTime value : values) {
            assertThat(IsoTimestamps.format(value))
                    .as("%s", value)
                    .isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value));
            assertThat(OURS.writeValueAsString(value)).as("%s", value).isEqualTo(JACKSONS.writeValueAsString(value));
        }
    }
}
