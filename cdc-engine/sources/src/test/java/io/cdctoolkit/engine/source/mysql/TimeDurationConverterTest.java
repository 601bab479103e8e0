package io.cdctoolkit.engine.source.mysql;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The converter's values: a duration's signed microseconds (a fraction below zero too, where {@link Duration} keeps
 * negative seconds and positive nanoseconds), a column default Debezium converted to microseconds as it is; anything
 * else a text that is no number, which the reader refuses ({@code RecordConverterTest}) instead of Debezium delivering
 * null.
 */
class TimeDurationConverterTest {

    @Test
    void aDurationIsItsSignedMicrosecondsAndAnythingElseNoNumber() {
        assertThat(TimeDurationConverter.micros(Duration.ofSeconds(-2).plusNanos(500_000_000))).isEqualTo("-1500000");
        assertThat(TimeDurationConverter.micros(Duration.ofNanos(-1000))).isEqualTo("-1");
        assertThat(TimeDurationConverter.micros(Duration.ofHours(838).plusMinutes(59).plusSeconds(59).plusNanos(999_999_000)))
                .isEqualTo("3020399999999");
        assertThat(TimeDurationConverter.micros(-5_400_500_000L)).as("a default, Debezium's MicroTime").isEqualTo("-5400500000");
        assertThat(TimeDurationConverter.micros(null)).isNull();
        for (Object notAMicrosecondDuration : new Object[] {Duration.ofNanos(1), java.sql.Time.valueOf("12:00:00"), "12:00"}) {
            Object text = TimeDurationConverter.micros(notAMicrosecondDuration);
            assertThatThrownBy(() -> Long.parseLong((String) text)).as("%s", text).isInstanceOf(NumberFormatException.class);
        }
    }
}
