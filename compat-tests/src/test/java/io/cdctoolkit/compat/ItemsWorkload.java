package io.cdctoolkit.compat;

import io.cdctoolkit.compat.SinkFile.Change;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code items (id, v)} workload of the kill -9 scenarios: transactions of {@value #ROWS_PER_TX}
 * inserts ({@code v = 0}), each also updating {@value #UPDATES_PER_TX} of its rows to the given values in
 * turn; and the changes it makes, per key in order, around the snapshot row 0 and the sentinel.
 *
 * @param rows    rows inserted (a multiple of {@value #ROWS_PER_TX})
 * @param updates the values {@code v} is set to, one update each, e.g. {@code [1, 2, 1]}: the first and the
 *                last then set the same values (each really changes the row, so a binlog has them too)
 */
record ItemsWorkload(int rows, List<Integer> updates) {

    static final int ROWS_PER_TX = 200;
    static final int UPDATES_PER_TX = 20;
    /** Inserted last: once it arrived, everything made before it has been read. */
    static final int SENTINEL = 1_000_000;

    ItemsWorkload {
        updates = List.copyOf(updates);
    }

    /** Writes the workload, one transaction per {@value #ROWS_PER_TX} rows. */
    void write(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, 0)");
             Statement update = c.createStatement()) {
            for (int tx = 0; tx < rows / ROWS_PER_TX; tx++) {
                int base = tx * ROWS_PER_TX;
                for (int i = 1; i <= ROWS_PER_TX; i++) {
                    insert.setInt(1, base + i);
                    insert.addBatch();
                }
                insert.executeBatch();
                String where = " WHERE id > " + base + " AND id <= " + (base + UPDATES_PER_TX);
                for (int v : updates) update.executeUpdate("UPDATE items SET v = " + v + where);
                c.commit();
            }
        }
    }

    /** The snapshot row 0, the workload's changes and the sentinel, per key in order. */
    Map<Integer, List<Change>> history() {
        Map<Integer, List<Change>> made = new LinkedHashMap<>();
        made.put(0, List.of(new Change("r", 0, 0)));
        for (int id = 1; id <= rows; id++) {
            List<Change> changes = new ArrayList<>();
            changes.add(new Change("c", id, 0));
            if ((id - 1) % ROWS_PER_TX < UPDATES_PER_TX) {
                for (int v : updates) changes.add(new Change("u", id, v));
            }
            made.put(id, List.copyOf(changes));
        }
        made.put(SENTINEL, List.of(new Change("c", SENTINEL, 0)));
        return made;
    }
}
