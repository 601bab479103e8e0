package io.cdctoolkit.engine.testing;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;

import java.util.function.Predicate;

/**
 * A test encoder: key and value as plain JSON ({@link RowJson}). Optionally rejects chosen events
 * with an {@link InvalidDataException} from stage {@code test-encoder}, naming a field.
 */
public final class JsonTestEncoder implements Encoder {

    public static final String STAGE = "test-encoder";

    private final Predicate<ChangeEvent> rejects;
    private final String field;
    private volatile boolean closed;

    public JsonTestEncoder() {
        this(e -> false, null);
    }

    private JsonTestEncoder(Predicate<ChangeEvent> rejects, String field) {
        this.rejects = rejects;
        this.field = field;
    }

    /** An encoder that rejects the values of the events {@code rejects} matches, blaming {@code field}. */
    public static JsonTestEncoder rejecting(Predicate<ChangeEvent> rejects, String field) {
        return new JsonTestEncoder(rejects, field);
    }

    @Override
    public byte[] encodeKey(ChangeEvent event) {
        return event.key() == null ? null : RowJson.toBytes(event.key());
    }

    @Override
    public byte[] encodeValue(ChangeEvent event) throws InvalidDataException {
        if (rejects.test(event)) {
            throw new InvalidDataException(STAGE, event.table(), field, "value does not fit the schema");
        }
        return event.value() == null ? null : RowJson.toBytes(event.value());
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
