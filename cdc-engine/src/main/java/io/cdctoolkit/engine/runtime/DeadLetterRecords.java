package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.SinkRecord;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the record {@code on_error: dead_letter} writes for a rejected event: the original headers
 * plus {@code cdc.error.*} headers saying where and why it failed.
 *
 * <p>Key and value: when the event was encoded (the sink rejected it) the encoded bytes are kept as
 * they are; otherwise (a stage or the encoder rejected it) key and value are the rows as plain JSON
 * ({@link RowJson}), so the record's {@link PayloadFormat} describes both. When the sink rejects the
 * dead-letter record too, it is written once more without its value ({@link #withoutValue}).
 */
final class DeadLetterRecords {

    static final String STAGE = "cdc.error.stage";
    static final String MESSAGE = "cdc.error.message";
    static final String TABLE = "cdc.error.table";
    static final String FIELD = "cdc.error.field";
    static final String TOPIC = "cdc.error.topic";
    static final String OP = "cdc.error.op";
    static final String VALUE_OMITTED = "cdc.error.value_omitted";

    private DeadLetterRecords() {
    }

    /**
     * @param topic   the dead-letter topic
     * @param event   the rejected event
     * @param reason  why, with stage and table filled in
     * @param encoded the encoded record the sink rejected, or null when encoding did not happen or failed
     */
    static SinkRecord build(String topic, ChangeEvent event, InvalidDataException reason, SinkRecord encoded) {
        Map<String, String> headers = new LinkedHashMap<>(event.headers());
        headers.put(STAGE, reason.stage());
        headers.put(MESSAGE, reason.reason());
        headers.put(TABLE, String.valueOf(reason.table()));
        if (reason.field() != null) headers.put(FIELD, reason.field());
        headers.put(TOPIC, event.topic());
        headers.put(OP, event.op().code());
        if (encoded != null) {
            return new SinkRecord(topic, encoded.key(), encoded.value(), headers, encoded.format(), event);
        }
        byte[] key = event.key() == null ? null : RowJson.toBytes(event.key());
        byte[] value = event.value() == null ? null : RowJson.toBytes(event.value());
        return new SinkRecord(topic, key, value, headers, PayloadFormat.JSON, event);
    }

    /**
     * The dead-letter record {@code rejected} again without its value, for when the sink refused the
     * dead-letter record itself (the value over the size limit is the usual reason); header
     * {@code cdc.error.value_omitted} says why the value is missing.
     */
    static SinkRecord withoutValue(SinkRecord rejected, InvalidDataException why) {
        Map<String, String> headers = new LinkedHashMap<>(rejected.headers());
        headers.put(VALUE_OMITTED, why.reason());
        return new SinkRecord(rejected.topic(), rejected.key(), null, headers, rejected.format(), rejected.event());
    }
}
