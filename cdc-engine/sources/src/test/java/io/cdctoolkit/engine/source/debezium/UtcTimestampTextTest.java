package io.cdctoolkit.engine.source.debezium;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written reader against {@code OffsetDateTime.parse}, the reader it replaces. */
class UtcTimestampTextTest {

    private static Instant oracle(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().truncatedTo(ChronoUnit.MICROS);
    }

    @Test
    void readsWhatDebeziumWritesExactlyAsOffsetDateTimeDoes() {
        SplittableRandom random = new SplittableRandom(20261130);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(1_000_000_000));
            int digits = random.nextInt(10); // 0..9 fraction digits, as ISO_OFFSET_DATE_TIME writes them
            Instant cut = instant.truncatedTo(ChronoUnit.SECONDS).plusNanos(
                    instant.getNano() - instant.getNano() % (long) Math.pow(10, 9 - digits));
            String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(cut.atOffset(ZoneOffset.UTC));
            assertThat(UtcTimestampText.parse(text)).as(text).isEqualTo(oracle(text));
        }
    }

    @Test
    void leapDaysAndTheEndsOfTheRange() {
        for (String text : new String[] {"2024-02-29T23:59:59.999999Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00.1Z", "1969-12-31T23:59:59.000001Z"}) {
            assertThat(UtcTimestampText.parse(text)).as(text).isEqualTo(oracle(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"infinity", "-infinity", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
            "2024-01-01T24:00:00Z", "2024-01-01T10:00:00+02:00", "+10000-01-01T00:00:00Z", "2024-01-01T10:00:00.Z",
            "2024-01-01T10:00:00.1234567890Z", "2024-01-01 10:00:00Z", "2024-1-01T10:00:00Z"})
    void leavesEverythingElseToTheGeneralParser(String text) {
        assertThat(UtcTimestampText.parse(text)).isNull();
    }
}
