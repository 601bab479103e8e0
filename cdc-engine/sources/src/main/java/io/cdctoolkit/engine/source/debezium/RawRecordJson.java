package io.cdctoolkit.engine.source.debezium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.engine.data.Envelope;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Debezium record's value as plain JSON (Kafka Connect's {@link JsonConverter}, no schema
 * envelope), for the dead letter of a record the reader could not convert: NULLs stay null (not the
 * column default) and decimals are numbers, so the dead letter holds what the database sent — except
 * the columns the table's column filter leaves out, which never leave the reader, dead letter or not.
 */
final class RawRecordJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonConverter converter = new JsonConverter();

    RawRecordJson() {
        converter.configure(Map.of("schemas.enable", "false", "replace.null.with.default", "false",
                "decimal.format", "NUMERIC"), false);
    }

    /** The record's value as UTF-8 JSON without the columns {@code selection} excludes, or null when Connect cannot render it. */
    byte[] render(SourceRecord record, ColumnSelection selection) {
        byte[] json;
        try {
            json = converter.fromConnectData(record.topic(), record.valueSchema(), record.value());
        } catch (RuntimeException e) {
            return null; // the column and reason still reach the dead letter
        }
        if (selection == ColumnSelection.ALL || json == null) return json;
        try {
            JsonNode root = MAPPER.readTree(json);
            dropExcluded(root.get(Envelope.BEFORE), selection);
            dropExcluded(root.get(Envelope.AFTER), selection);
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            return null; // never hand on a record whose excluded columns could not be removed
        }
    }

    private static void dropExcluded(JsonNode row, ColumnSelection selection) {
        if (!(row instanceof ObjectNode object)) return;
        List<String> excluded = new ArrayList<>();
        object.fieldNames().forEachRemaining(name -> {
            if (!selection.includes(name)) excluded.add(name);
        });
        object.remove(excluded);
    }
}
