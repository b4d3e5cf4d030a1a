package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The console reads the API's timestamps by hand in their usual form, and as the general parser would. */
class ViewDatesTest {

    @Test
    void everyUsualTimestampIsReadAsTheGeneralParserReadsIt() {
        Random random = new Random(26);
        long first = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant second = Instant.ofEpochSecond(first + (long) (random.nextDouble() * (last - first)));
            // To the second, the millisecond, the microsecond (as PostgreSQL keeps them) and the nanosecond.
            for (int digits : new int[] {0, 3, 6, 9}) {
                Instant at = second.plusNanos(random.nextInt(1_000_000_000)
                        / (long) Math.pow(10, 9 - digits)
                        * (long) Math.pow(10, 9 - digits));
                String iso = at.toString();
                assertThat(View.instantOf(iso)).as(iso).isEqualTo(at);
            }
        }
    }

    @Test
    void otherFormsGoThroughTheGeneralParser() {
        for (String iso : List.of(
                "2026-01-05T09:18:00.1Z",
                "2026-01-05T09:18:00.12Z",
                "2026-01-05T09:18:00.1234567Z",
                "2026-01-05T09:18:00+03:00",
                "2026-01-05T09:18:00.5-02:30",
                "2026-12-31T23:59:59.999999999Z")) {
            assertThat(View.instantOf(iso))
                    .as(iso)
                    .isEqualTo(OffsetDateTime.parse(iso).toInstant());
        }
        assertThat(View.instantOf("2026-01-05T09:18:00Z"))
                .isEqualTo(OffsetDateTime.of(2026, 1, 5, 9, 18, 0, 0, ZoneOffset.UTC)
                        .toInstant()
                        .truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void whatIsNoTimestampIsRefusedAsBefore() {
        for (String odd : List.of(
                "2026-13-05T09:18:00Z", "2026-02-30T09:18:00Z", "2026-0a-05T09:18:00Z", "2026-01-05 09:18:00Z")) {
            assertThat(catching(odd)).as(odd).isTrue();
        }
    }

    private static boolean catching(String odd) {
        try {
            View.instantOf(odd);
            return false;
        } catch (DateTimeException refused) {
            return true;
        }
    }
}
