package io.cdctoolkit.engine.data;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Time values in JSON: the hand-written text against {@code DateTimeFormatter} with the documented patterns. */
class RowJsonTimeTextTest {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    private static final RowSchema SCHEMA = RowSchema.of("t", List.of(
            new Field("ts", FieldType.TIMESTAMP_TZ, true, null, null),
            new Field("t", FieldType.TIME, true, null, null)));

    @Test
    void timestampsAndTimesReadAsTheFormatterWritesThem() {
        SplittableRandom random = new SplittableRandom(11);
        long min = Instant.parse("-4713-11-24T00:00:00Z").getEpochSecond();
        long max = Instant.parse("+294276-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            // mostly the hand-written years, some outside them
            long second = i % 10 == 0 ? random.nextLong(min, max) : random.nextLong(-62_167_219_200L, 253_402_300_800L);
            Instant instant = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
            LocalTime time = LocalTime.ofNanoOfDay(random.nextLong(86_400_000_000_000L));
            String json = RowJson.toJson(Row.of(SCHEMA, instant, time));
            assertThat(json).isEqualTo("{\"ts\":\"" + TIMESTAMP.format(instant) + "\",\"t\":\"" + TIME.format(time) + "\"}");
        }
    }

    /**
     * The compiled plan keeps the last timestamp's date from row to row: runs of timestamps on one day, across
     * midnight, back and forth between days, before 1970 and outside the hand-written years, through one reused
     * output, each against the formatter.
     */
    @Test
    void timestampsInRunsOfOneDayThroughTheCompiledPlan() {
        RowJson.Plan plan = RowJson.plan(SCHEMA);
        RowJson.Output output = new RowJson.Output();
        SplittableRandom random = new SplittableRandom(7);
        long second = Instant.parse("1969-12-30T22:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            switch (random.nextInt(100)) {
                case 0 -> second = random.nextLong(-62_167_219_200L, 253_402_300_800L); // another day, any year
                case 1 -> second = random.nextBoolean() ? 253_402_300_799L + random.nextInt(3) : -62_167_219_200L - random.nextInt(3);
                case 2 -> second -= 86_400L * (1 + random.nextInt(3)); // back a few days
                case 3 -> second = Math.floorDiv(second, 86_400L) * 86_400L - 1; // the second before midnight
                default -> second += random.nextInt(3_000); // on, mostly within the day
            }
            Instant instant = Instant.ofEpochSecond(second, random.nextInt(1_000_000) * 1_000);
            LocalTime time = LocalTime.ofNanoOfDay(random.nextLong(86_400_000_000L) * 1_000);
            String json = new String(plan.toBytes(Row.of(SCHEMA, instant, time), output), StandardCharsets.UTF_8);
            assertThat(json).as("row %d", i)
                    .isEqualTo("{\"ts\":\"" + TIMESTAMP.format(instant) + "\",\"t\":\"" + TIME.format(time) + "\"}");
        }
    }

    @Test
    void theEdgesOfTheHandWrittenYears() {
        for (String text : new String[] {"0000-01-01T00:00:00Z", "-0001-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999999Z",
                "+10000-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.000001Z"}) {
            Instant instant = Instant.parse(text);
            assertThat(RowJson.toJson(Row.of(SCHEMA, instant, LocalTime.MIDNIGHT)))
                    .isEqualTo("{\"ts\":\"" + TIMESTAMP.format(instant) + "\",\"t\":\"00:00:00.000000\"}");
        }
    }
}
