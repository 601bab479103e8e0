package io.cdctoolkit.engine.testing;

import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;

import java.util.function.Predicate;

/**
 * A test encoder: key and value as plain JSON ({@link RowJson}). Optionally rejects chosen events
 * with an {@link InvalidDataException} from stage {@code test-encoder}, naming a field (the
 * runtime fills in the table).
 */
public final class JsonTestEncoder implements Encoder {

    public static final String STAGE = "test-encoder";

    private final Predicate<Row> rejects;
    private final String field;
    private volatile boolean closed;

    public JsonTestEncoder() {
        this(e -> false, null);
    }

    private JsonTestEncoder(Predicate<Row> rejects, String field) {
        this.rejects = rejects;
        this.field = field;
    }

    /** An encoder that rejects the value rows {@code rejects} matches, blaming {@code field}. */
    public static JsonTestEncoder rejecting(Predicate<Row> rejects, String field) {
        return new JsonTestEncoder(rejects, field);
    }

    @Override
    public byte[] encode(String topic, Role role, Row row, Headers.Builder headers) throws InvalidDataException {
        if (role == Role.VALUE && rejects.test(row)) {
            throw new InvalidDataException(STAGE, null, field, "value does not fit the schema");
        }
        return RowJson.toBytes(row);
    }

    @Override
    public PayloadFormat format() {
        return PayloadFormat.JSON;
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }
}
