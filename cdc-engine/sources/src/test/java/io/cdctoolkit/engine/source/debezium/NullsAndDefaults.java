package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.RowSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NULL vs DEFAULT vs value over a type table: every column gets its sample value as DEFAULT, so a
 * row inserted with NULLs must arrive all null, a row inserted with DEFAULT and one with the values
 * must both render the documented JSON. Shared by the PostgreSQL and MariaDB tests.
 */
public final class NullsAndDefaults {

    private final List<String> columns;
    private final List<String> values;

    /**
     * @param columns the type table's column definitions, comma-separated ({@code c_int int, …})
     * @param values  one sample literal per column, comma-separated, in the same order
     */
    public NullsAndDefaults(String columns, String values) {
        this.columns = splitTopLevel(columns);
        this.values = splitTopLevel(values);
        if (this.columns.size() != this.values.size()) {
            throw new IllegalArgumentException(this.columns.size() + " columns but " + this.values.size() + " values");
        }
    }

    /** The column definitions, each with {@code DEFAULT <its sample value>}. */
    public String columnsWithDefaults() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String value = values.get(i);
            // MariaDB takes only constants as plain defaults; an expression must be parenthesized.
            boolean expression = value.matches("^[A-Za-z_]+\\(.*");
            out.add(columns.get(i) + " DEFAULT " + (expression ? "(" + value + ")" : value));
        }
        return String.join(", ", out);
    }

    /** {@code INSERT … VALUES (id, NULL, NULL, …)}. */
    public String insertNulls(String table, int id) {
        return "INSERT INTO " + table + " VALUES (" + id + ", "
                + columns.stream().map(c -> "NULL").collect(Collectors.joining(", ")) + ")";
    }

    /** {@code INSERT … VALUES (id, DEFAULT, DEFAULT, …)}. */
    public String insertDefaults(String table, int id) {
        return "INSERT INTO " + table + " VALUES (" + id + ", "
                + columns.stream().map(c -> "DEFAULT").collect(Collectors.joining(", ")) + ")";
    }

    /** {@code INSERT … VALUES (id, <samples>)}. */
    public String insertValues(String table, int id) {
        return "INSERT INTO " + table + " VALUES (" + id + ", " + String.join(", ", values) + ")";
    }

    /** The issue's reproduction: a table whose columns have DEFAULTs, with a row of NULLs (id 1). */
    public static final String[] REPRODUCTION = {"CREATE TABLE t (id int PRIMARY KEY, c text DEFAULT 'x', n int DEFAULT 7)",
            "INSERT INTO t VALUES (1, null, null)"};
    /** Streamed after the snapshot of {@link #REPRODUCTION}: NULLs again (id 2), then the defaults (id 3). */
    public static final String[] REPRODUCTION_STREAM = {"INSERT INTO t VALUES (2, null, null)", "INSERT INTO t (id) VALUES (3)"};

    /** Asserts the three events of {@link #REPRODUCTION} and {@link #REPRODUCTION_STREAM}. */
    public static void assertReproduction(List<ChangeEvent> events) {
        assertThat(afterJson(events.get(0))).isEqualTo("{\"id\":1,\"c\":null,\"n\":null}");
        assertThat(afterJson(events.get(1))).isEqualTo("{\"id\":2,\"c\":null,\"n\":null}");
        assertThat(afterJson(events.get(2))).isEqualTo("{\"id\":3,\"c\":\"x\",\"n\":7}");
        RowSchema schema = Envelope.after(events.get(0).value()).schema();
        assertThat(schema.field("c").defaultValue()).isEqualTo("x");
        assertThat(schema.field("n").defaultValue()).isEqualTo(7);
    }

    /** Rows 1 (NULLs), 2 (DEFAULTs) and 3 (values) of {@code table}, inserted before the snapshot. */
    public String[] snapshotRows(String table) {
        return new String[]{insertNulls(table, 1), insertDefaults(table, 2), insertValues(table, 3)};
    }

    /**
     * Streamed: rows 4 (NULLs), 5 (DEFAULTs), 6 (values); row 4's {@code c_varchar} set (an update
     * that changes something, or MySQL logs none); rows 4–6 deleted.
     */
    public String[] streamedChanges(String table) {
        return new String[]{insertNulls(table, 4), insertDefaults(table, 5), insertValues(table, 6),
                "UPDATE " + table + " SET c_varchar = 'changed' WHERE id = 4", "DELETE FROM " + table + " WHERE id IN (4, 5, 6)"};
    }

    /** Asserts the snapshot of {@link #snapshotRows}; {@code expected} is the type table's JSON without the id. */
    public static void assertSnapshot(List<ChangeEvent> snapshot, String expected) {
        assertThat(snapshot).extracting(ChangeEvent::op).containsExactly(Op.READ, Op.READ, Op.READ);
        assertAllNull(Envelope.after(snapshot.get(0).value()), "snapshot after");
        assertThat(afterJson(snapshot.get(1))).isEqualTo("{\"id\":2," + expected + "}");
        assertThat(afterJson(snapshot.get(2))).isEqualTo("{\"id\":3," + expected + "}");
    }

    /** Asserts the events of {@link #streamedChanges}, before and after images alike. */
    public static void assertStream(List<ChangeEvent> stream, String expected) {
        assertThat(stream).extracting(ChangeEvent::op).containsExactly(Op.CREATE, Op.CREATE, Op.CREATE,
                Op.UPDATE, Op.DELETE, Op.DELETE, Op.DELETE);
        assertAllNull(Envelope.after(stream.get(0).value()), "streamed after");
        assertThat(afterJson(stream.get(1))).isEqualTo("{\"id\":5," + expected + "}");
        assertThat(afterJson(stream.get(2))).isEqualTo("{\"id\":6," + expected + "}");
        assertAllNull(Envelope.before(stream.get(3).value()), "update before");
        Row updated = Envelope.after(stream.get(3).value());
        assertThat(updated.get("c_varchar")).isEqualTo("changed");
        assertAllNull(updated.with(updated.schema().indexOf("c_varchar"), null), "update after but c_varchar");
        Row deleted = Envelope.before(stream.get(4).value());
        assertAllNull(deleted.with(deleted.schema().indexOf("c_varchar"), null), "delete before but c_varchar");
        assertThat(beforeJson(stream.get(5))).isEqualTo("{\"id\":5," + expected + "}");
        assertThat(beforeJson(stream.get(6))).isEqualTo("{\"id\":6," + expected + "}");
        // The default stays schema information.
        assertThat(Envelope.after(stream.get(0).value()).schema().field("c_text").defaultValue()).isEqualTo("héllo");
    }

    /** Asserts that every column of {@code row} but {@code id} is null, as the database holds it. */
    public static void assertAllNull(Row row, String image) {
        assertThat(row).as(image).isNotNull();
        for (Field f : row.schema().fields()) {
            if (f.name().equals("id")) continue;
            assertThat(row.get(f.name())).as(image + " column " + f.name() + " (default " + f.defaultValue() + ")").isNull();
        }
    }

    /** The JSON of the event's after image. */
    public static String afterJson(ChangeEvent event) {
        return RowJson.toJson(Envelope.after(event.value()));
    }

    /** The JSON of the event's before image. */
    public static String beforeJson(ChangeEvent event) {
        return RowJson.toJson(Envelope.before(event.value()));
    }

    /** Splits at commas outside quotes and parentheses. */
    static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder current = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\'') quoted = !quoted;
            if (!quoted && c == '(') depth++;
            if (!quoted && c == ')') depth--;
            if (c == ',' && depth == 0 && !quoted) {
                parts.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString().trim());
        return parts;
    }
}
