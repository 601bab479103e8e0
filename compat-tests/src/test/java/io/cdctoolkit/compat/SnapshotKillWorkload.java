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
import java.util.function.IntPredicate;

/**
 * The {@code items (id, v)} workload of the kill -9 during the snapshot scenario: {@value #ROWS} rows for
 * the snapshot ({@code v = 0}), then phases of inserts, updates and deletes, written with plain SQL both
 * databases take, and recorded here as they are made: every key's changes in order (its first change is
 * its insert, {@code c}, for the snapshot rows too). Each phase sets {@code v} to a value above every
 * earlier phase's, so a row's value says which of its changes produced it. Ids are never reused. Used by
 * one thread at a time.
 */
final class SnapshotKillWorkload {

    /** Rows the snapshot copies: enough that a kill lands while it is being delivered. */
    static final int ROWS = 40_000;

    private final Map<Integer, List<Change>> made = new LinkedHashMap<>();
    private int nextId = ROWS + 1;

    /** The snapshot's rows, {@code v = 0}, in batches of 1000 per transaction. */
    void writeSnapshotRows(Connection c) throws SQLException {
        insert(c, 1, ROWS, 0);
    }

    /**
     * One phase, in one transaction: sets {@code v} of the live rows whose id matches {@code update},
     * deletes those matching {@code delete}, inserts {@code inserts} new rows, all with value {@code v}.
     */
    void phase(Connection c, int v, IntPredicate update, IntPredicate delete, int inserts) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            List<Integer> live = live();
            List<Integer> updated = live.stream().filter(update::test).toList();
            List<Integer> deleted = live.stream().filter(delete::test).filter(id -> !update.test(id)).toList();
            for (List<Integer> ids : chunks(updated)) {
                st.executeUpdate("UPDATE items SET v = " + v + " WHERE id IN (" + join(ids) + ")");
            }
            for (List<Integer> ids : chunks(deleted)) {
                st.executeUpdate("DELETE FROM items WHERE id IN (" + join(ids) + ")");
            }
            for (int id : updated) made.get(id).add(new Change("u", id, v));
            for (int id : deleted) made.get(id).add(new Change("d", id, last(id).v()));
        }
        insert(c, nextId, nextId + inserts - 1, v);
        nextId += inserts;
        c.commit();
        c.setAutoCommit(auto);
    }

    /** Every key's changes in the order they were made. */
    Map<Integer, List<Change>> history() {
        Map<Integer, List<Change>> copy = new LinkedHashMap<>();
        made.forEach((id, changes) -> copy.put(id, List.copyOf(changes)));
        return copy;
    }

    /** The rows there are, {@code id -> v}, by the recorded changes. */
    Map<Integer, Integer> table() {
        Map<Integer, Integer> rows = new LinkedHashMap<>();
        made.forEach((id, changes) -> {
            Change lastChange = changes.get(changes.size() - 1);
            if (!"d".equals(lastChange.op())) rows.put(id, lastChange.v());
        });
        return rows;
    }

    private List<Integer> live() {
        return made.entrySet().stream().filter(e -> !"d".equals(e.getValue().get(e.getValue().size() - 1).op()))
                .map(Map.Entry::getKey).toList();
    }

    private Change last(int id) {
        List<Change> changes = made.get(id);
        return changes.get(changes.size() - 1);
    }

    private void insert(Connection c, int from, int to, int v) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, ?)")) {
            for (int id = from; id <= to; id++) {
                insert.setInt(1, id);
                insert.setInt(2, v);
                insert.addBatch();
                List<Change> changes = new ArrayList<>();
                changes.add(new Change("c", id, v));
                made.put(id, changes);
                if ((id - from) % 1000 == 999 || id == to) {
                    insert.executeBatch();
                    if (auto) c.commit();
                }
            }
        }
        if (auto) c.setAutoCommit(true);
    }

    private static List<List<Integer>> chunks(List<Integer> ids) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 1000) out.add(ids.subList(i, Math.min(ids.size(), i + 1000)));
        return out;
    }

    private static String join(List<Integer> ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) sb.append(sb.length() == 0 ? "" : ",").append(id);
        return sb.toString();
    }
}
