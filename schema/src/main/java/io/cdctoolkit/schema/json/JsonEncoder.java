package io.cdctoolkit.schema.json;

import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.SchemaCache;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;

import java.io.UncheckedIOException;

/**
 * Plain JSON, the {@code disabled} registry mode: keys and values as Debezium-shaped JSON objects
 * rendered by {@link RowJson} (field order of the schema, no schema and no wire-format header); a
 * missing key stays null and a tombstone's value stays null. Each row schema is compiled once into a
 * {@link RowJson.Plan} (field names pre-encoded, a writer per field type).
 */
public final class JsonEncoder implements Encoder {

    private final SchemaCache<RowJson.Plan> plans = SchemaCache.create();
    // Per thread (the runtime calls from the pipeline thread; nothing stops a library user from sharing one).
    private final ThreadLocal<RowJson.Output> outputs = ThreadLocal.withInitial(RowJson.Output::new);

    @Override
    public byte[] encode(String topic, Role role, Row row, Headers.Builder headers) throws InvalidDataException {
        RowJson.Plan plan = plans.get(row.schema(), RowJson::plan);
        try {
            return plan.toBytes(row, outputs.get());
        } catch (UncheckedIOException | ClassCastException e) {
            // A stage left a value whose Java type does not match its field type.
            throw new InvalidDataException("json-encoder", null, null,
                    "cannot encode the " + role.suffix() + " for topic '" + topic + "' as JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public PayloadFormat format() {
        return PayloadFormat.JSON;
    }
}
