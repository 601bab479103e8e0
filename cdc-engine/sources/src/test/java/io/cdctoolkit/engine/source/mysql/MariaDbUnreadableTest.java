package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A MariaDB {@code TIME} outside a day is unreadable naming the column; the rows after it arrive. */
class MariaDbUnreadableTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void timeValuesOutsideADayAreUnreadableInSnapshotAndStream() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_unreadable");
        maria.execute(db, "CREATE TABLE shifts (id int PRIMARY KEY, length time(6), note text)",
                "INSERT INTO shifts VALUES (1, '25:00:00', 'long'), (2, '-01:00:00', 'negative'), (3, '12:00:00', 'fine')");
        try (CdcReader reader = MariaDbTestSupport.reader(MariaDbTestSupport.config(maria, db), "unreadable", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            assertRows(List.copyOf(harness.pollAtLeast(3, TIMEOUT)), 0);
            harness.clear();
            maria.execute(db, "INSERT INTO shifts VALUES (11, '838:59:59', 'long'), (12, '-00:00:01', 'negative'),"
                    + " (13, '12:00:00', 'fine')");
            assertRows(harness.pollAtLeast(3, TIMEOUT), 10);
        }
    }

    private static void assertRows(List<ChangeEvent> events, int base) {
        for (int i = 0; i < 2; i++) {
            ChangeEvent event = events.get(i);
            assertThat(event.isUnreadable()).as("row %s gave %s", base + i + 1, event.value()).isTrue();
            assertThat(event.unreadable().field()).isEqualTo("length");
            assertThat(event.unreadable().reason()).contains("not a time of day");
            assertThat(event.key().get("id")).isEqualTo(base + i + 1);
            assertThat(new String(event.unreadable().raw(), StandardCharsets.UTF_8)).contains("\"id\":" + (base + i + 1));
        }
        assertThat(events.get(2).isUnreadable()).isFalse();
        assertThat(Envelope.after(events.get(2).value()).get("length")).isEqualTo(LocalTime.NOON);
    }
}
