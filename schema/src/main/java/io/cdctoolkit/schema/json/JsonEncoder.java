package io.cdctoolkit.schema.json;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;

import java.io.UncheckedIOException;

/**
 * Plain JSON, the {@code disabled} registry mode: keys and values as Debezium-shaped JSON objects
 * rendered by {@link RowJson} (field order of the schema, no schema and no wire-format header); a
 * missing key stays null and a tombstone's value stays null.
 */
public final class JsonEncoder implements Encoder {

    @Override
    public byte[] encodeKey(ChangeEvent event) throws InvalidDataException {
        return encode(event, event.key(), "key");
    }

    @Override
    public byte[] encodeValue(ChangeEvent event) throws InvalidDataException {
        return encode(event, event.value(), "value");
    }

    @Override
    public PayloadFormat format() {
        return PayloadFormat.JSON;
    }

    private static byte[] encode(ChangeEvent event, Row row, String part) throws InvalidDataException {
        if (row == null) return null;
        try {
            return RowJson.toBytes(row);
        } catch (UncheckedIOException | ClassCastException e) {
            // A stage left a value whose Java type does not match its field type.
            throw new InvalidDataException("json-encoder", event.table(), null,
                    "cannot encode the " + part + " as JSON: " + e.getMessage(), e);
        }
    }
}
