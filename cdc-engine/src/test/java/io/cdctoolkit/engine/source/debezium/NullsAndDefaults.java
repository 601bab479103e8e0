package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;

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
