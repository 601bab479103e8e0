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
    // The last caller's output: the runtime calls from one thread, and this is a pointer comparison where
    // the ThreadLocal look-up was ~4 % of the pipeline thread in a profile of the native reader → Kafka.
    private volatile ThreadOutput lastOutput = new ThreadOutput(null, null);

    private record ThreadOutput(Thread thread, RowJson.Output output) {
    }

    @Override
    public byte[] encode(String topic, Role role, Row row, Headers.Builder headers) throws InvalidDataException {
        RowJson.Plan plan = plans.get(row.schema(), RowJson::plan);
        try {
            return plan.toBytes(row, output());
        } catch (UncheckedIOException | ClassCastException e) {
            // A stage left a value whose Java type does not match its field type.
            throw new InvalidDataException("json-encoder", null, null,
                    "cannot encode the " + role.suffix() + " for topic '" + topic + "' as JSON: " + e.getMessage(), e);
        }
    }

    private RowJson.Output output() {
        Thread current = Thread.currentThread();
        ThreadOutput last = lastOutput;
        if (last.thread() == current) return last.output();
        RowJson.Output output = outputs.get();
        lastOutput = new ThreadOutput(current, output);
        return output;
    }

    @Override
    public PayloadFormat format() {
        return PayloadFormat.JSON;
    }
}
