package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.SinkRecord;

import java.util.Locale;

/**
 * Builds the record {@code on_error: dead_letter} writes for a rejected event: the original headers
 * plus {@code cdc.error.*} headers saying where and why it failed, and {@code cdc.error.format}
 * saying what the key and value bytes are ({@code json} or {@code binary}), since one dead-letter
 * topic may hold both.
 *
 * <p>Key and value: when the event was encoded (the sink rejected it) the encoded bytes are kept as
 * they are; when the reader could not convert the source record, the value is the record as the
 * reader received it (JSON, see {@link io.cdctoolkit.engine.data.Unreadable}); otherwise (a stage or
 * the encoder rejected it) key and value are the rows as plain JSON ({@link RowJson}). When plaintext of
 * fields listed for encryption could be in them ({@link DeadLetterGuard}), there is neither key nor
 * value, and header {@code cdc.error.value_omitted} says why. When the sink
 * rejects the dead-letter record too, it is written once more without its value ({@link #withoutValue}).
 */
final class DeadLetterRecords {

    static final String STAGE = "cdc.error.stage";
    static final String MESSAGE = "cdc.error.message";
    static final String TABLE = "cdc.error.table";
    static final String FIELD = "cdc.error.field";
    static final String TOPIC = "cdc.error.topic";
    static final String OP = "cdc.error.op";
    static final String POSITION = "cdc.error.position";
    static final String FORMAT = "cdc.error.format";
    static final String VALUE_OMITTED = "cdc.error.value_omitted";

    private DeadLetterRecords() {
    }

    /**
     * @param topic   the dead-letter topic
     * @param event   the rejected event
     * @param reason  why, with stage and table filled in
     * @param encoded the encoded record the sink rejected, or null when encoding did not happen or failed
     * @param omitPayloadBecause why the record must carry neither key nor value, or null
     */
    static SinkRecord build(String topic, ChangeEvent event, InvalidDataException reason, SinkRecord encoded,
                            String omitPayloadBecause) {
        Headers.Builder headers = (encoded != null ? encoded.headers() : event.headers()).toBuilder()
                .add(STAGE, reason.stage())
                .add(MESSAGE, reason.reason())
                .add(TABLE, String.valueOf(reason.table()));
        if (reason.field() != null) headers.add(FIELD, reason.field());
        headers.add(TOPIC, event.topic())
                .add(OP, event.op().code())
                .add(POSITION, event.position() == null ? "none" : event.position().describe());
        if (encoded != null) {
            headers.add(FORMAT, formatName(encoded.format()));
            return new SinkRecord(topic, encoded.key(), encoded.value(), headers.build(), encoded.format(), event);
        }
        headers.add(FORMAT, formatName(PayloadFormat.JSON));
        if (omitPayloadBecause != null) {
            headers.add(VALUE_OMITTED, omitPayloadBecause);
            return new SinkRecord(topic, null, null, headers.build(), PayloadFormat.JSON, event);
        }
        byte[] key = event.key() == null ? null : RowJson.toBytes(event.key());
        byte[] value;
        if (event.isUnreadable()) {
            value = event.unreadable().raw();
        } else {
            value = event.value() == null ? null : RowJson.toBytes(event.value());
        }
        return new SinkRecord(topic, key, value, headers.build(), PayloadFormat.JSON, event);
    }

    /**
     * The dead-letter record {@code rejected} again without its value, for when the sink refused the
     * dead-letter record itself (the value over the size limit is the usual reason); header
     * {@code cdc.error.value_omitted} says why the value is missing.
     */
    static SinkRecord withoutValue(SinkRecord rejected, InvalidDataException why) {
        Headers headers = rejected.headers().with(VALUE_OMITTED, why.reason());
        return new SinkRecord(rejected.topic(), rejected.key(), null, headers, rejected.format(), rejected.event());
    }

    private static String formatName(PayloadFormat format) {
        return format.name().toLowerCase(Locale.ROOT);
    }
}
