package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What docs/sources/mysql-mariadb.md says about a lost binlog connection: Debezium's binlog client
 * reconnects by itself at the start of the transaction it was reading, so the changes of that
 * transaction delivered before come again in the same run, in order, and nothing is lost.
 *
 * <p>The connection is "lost" the way a slow sink loses it: the pipeline stops polling mid-transaction
 * for longer than the keep-alive interval (1 s here, 60 s by default), the client thread blocks handing
 * over events, and the keep-alive thread, seeing no event for that long, reconnects.
 */
class MariaDbKeepAliveReconnectTest {

    private static final int ROWS = 40_000;
    private static final int ROWS_PER_STATEMENT = 1_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void aReconnectMidTransactionDeliversItsEarlierChangesAgainAndLosesNothing() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_keepalive");
        maria.execute(db, "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)", "INSERT INTO items VALUES (0, 0)");
        Map<String, Object> config = new HashMap<>(MariaDbTestSupport.config(maria, db));
        config.put("debezium", Map.of("connect.keep.alive.interval.ms", 1000));

        try (CdcReader reader = MariaDbTestSupport.reader(config, "keepalive", state)) {
            reader.start();
            List<Integer> ids = new ArrayList<>();
            pollUntil(reader, ids, 1);
            insertInOneTransaction(maria, db);
            // Far more rows than Debezium's and the reader's queues hold: the client blocks mid-transaction.
            pollUntil(reader, ids, 2_000);
            // Several keep-alive intervals: 3 s once passed by on a loaded CI machine without a reconnect.
            Thread.sleep(8_000);
            pollUntil(reader, ids, 1 + ROWS);
            while (true) { // the rest of the repeat
                List<ChangeEvent> more = reader.poll(Duration.ofSeconds(2));
                if (more.isEmpty()) break;
                more.forEach(e -> ids.add(id(e)));
                reader.commit(more.get(more.size() - 1).position());
            }

            assertThat(ids.get(0)).as("the snapshot row").isZero();
            int back = 2;
            while (back < ids.size() && ids.get(back) > ids.get(back - 1)) back++;
            List<Integer> beforeReconnect = ids.subList(1, back);
            List<Integer> afterReconnect = ids.subList(back, ids.size());
            assertThat(beforeReconnect).as("delivered before the reconnect: the transaction's first rows, in order")
                    .isNotEmpty().isEqualTo(IntStream.rangeClosed(1, beforeReconnect.size()).boxed().toList());
            assertThat(afterReconnect).as("after the reconnect: the whole transaction from its start, in order, once")
                    .isEqualTo(IntStream.rangeClosed(1, ROWS).boxed().toList());
        }
    }

    private static void insertInOneTransaction(MariaDbServer maria, String db) throws Exception {
        try (Connection c = maria.connect(db); PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, 0)")) {
            c.setAutoCommit(false);
            for (int id = 1; id <= ROWS; id++) {
                insert.setInt(1, id);
                insert.addBatch();
                if (id % ROWS_PER_STATEMENT == 0) insert.executeBatch();
            }
            c.commit();
        }
    }

    /** Polls and commits (as the runtime does) until {@code ids} holds at least {@code count} rows. */
    private static void pollUntil(CdcReader reader, List<Integer> ids, int count) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (ids.size() < count) {
            assertThat(System.nanoTime()).as("%d rows after %s", ids.size(), TIMEOUT).isLessThan(deadline);
            List<ChangeEvent> batch = reader.poll(Duration.ofMillis(200));
            batch.forEach(e -> ids.add(id(e)));
            if (!batch.isEmpty()) reader.commit(batch.get(batch.size() - 1).position());
        }
    }

    private static int id(ChangeEvent e) {
        return ((Number) Envelope.after(e.value()).get("id")).intValue();
    }
}
