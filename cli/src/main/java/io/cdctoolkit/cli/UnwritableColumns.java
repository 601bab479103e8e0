package io.cdctoolkit.cli;

import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.schema.format.SchemaFormat;
import io.cdctoolkit.schema.format.UnwritableValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table's columns that may hold a value the record format cannot write although the table allows it (a NULL
 * element of a PostgreSQL array under Protobuf), for {@code check}: the first row holding one goes to
 * {@code on_error}, which stops the pipeline by default. Found by the format ({@link SchemaFormat#unwritableValues})
 * in the events' rows as the transforms and {@code cdc_features} leave them.
 *
 * @param table  the table
 * @param values its fields that may hold such a value
 */
record UnwritableColumns(TableId table, List<UnwritableValue> values) {

    UnwritableColumns {
        values = List.copyOf(values);
    }

    /** Per table of {@code shapes} (the events as encoded), the fields {@code format} may be unable to write. */
    static List<UnwritableColumns> of(SchemaFormat format, List<EventShape> shapes) {
        Map<TableId, Set<UnwritableValue>> perTable = new LinkedHashMap<>();
        for (EventShape shape : shapes) {
            if (shape.isTombstone()) continue;
            RowSchema row = Envelope.isEnvelope(shape.value()) ? Envelope.rowSchema(shape.value()) : shape.value();
            List<UnwritableValue> found = format.unwritableValues(row);
            if (!found.isEmpty()) perTable.computeIfAbsent(shape.table(), t -> new LinkedHashSet<>()).addAll(found);
        }
        List<UnwritableColumns> all = new ArrayList<>();
        perTable.forEach((table, values) -> all.add(new UnwritableColumns(table, new ArrayList<>(values))));
        return all;
    }

    /** E.g. {@code table shop.public.items: a null element in tags, scores (Protobuf repeated fields …): …}. */
    String message() {
        Map<String, List<String>> pathsPerValue = new LinkedHashMap<>();
        Map<String, String> whys = new LinkedHashMap<>();
        for (UnwritableValue v : values) {
            pathsPerValue.computeIfAbsent(v.value(), k -> new ArrayList<>()).add(v.path());
            whys.put(v.value(), v.why());
        }
        List<String> parts = new ArrayList<>();
        pathsPerValue.forEach((value, paths) -> parts.add(value + " in " + String.join(", ", paths) + " ("
                + whys.get(value) + ")"));
        return "table " + table + ": " + String.join("; ", parts) + " cannot be written: a row holding one goes to"
                + " on_error (stop, by default)";
    }

    String fix() {
        return "keep NULL out of them (in PostgreSQL e.g. CHECK (array_position(column, NULL) IS NULL)), or set"
                + " schema_registry.format to avro or json_schema";
    }
}
