package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MariaDB sequence in the captured database: each {@code NEXTVAL} writes a row event for it to the binlog, and
 * Debezium, which has no schema for sequences, stopped the source at the first one ("Encountered change event for
 * table … whose schema isn't known to this connector"). Sequences the filter matches are now excluded at start, and
 * the tables around them stream, a column defaulting to the sequence included.
 */
class MariaDbSequenceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    /** The key the sequence gave the row of {@code item}, as the table holds it (the sequence caches values). */
    private static long idOf(MariaDbServer maria, String db, String item) throws Exception {
        try (java.sql.Connection c = maria.connect(db);
             java.sql.PreparedStatement st = c.prepareStatement("SELECT id FROM orders WHERE item = ?")) {
            st.setString(1, item);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void usingASequenceOfTheCapturedDatabaseDoesNotStopTheSource() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_sequence");
        try {
            maria.execute(db, "CREATE SEQUENCE order_ids START WITH 100",
                    "CREATE TABLE orders (id bigint PRIMARY KEY DEFAULT NEXTVAL(order_ids), item varchar(10))",
                    "INSERT INTO orders (item) VALUES ('first')");
            try (CdcReader reader = MariaDbTestSupport.reader(MariaDbTestSupport.config(maria, db), "sequence", state)) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                harness.pollAtLeast(1, TIMEOUT);
                maria.execute(db, "SELECT NEXTVAL(order_ids)", "INSERT INTO orders (item) VALUES ('second')");
                List<ChangeEvent> events = harness.pollAtLeast(2, TIMEOUT);
                assertThat(events).extracting(e -> e.table().table() + ":" + Envelope.after(e.value()).get("item")
                        + ":" + e.key().get("id")).containsExactly("orders:first:" + idOf(maria, db, "first"),
                        "orders:second:" + idOf(maria, db, "second"));
            }
        } finally {
            maria.execute("mysql", "DROP DATABASE " + db);
        }
    }
}
