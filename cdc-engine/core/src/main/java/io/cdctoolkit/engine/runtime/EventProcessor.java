package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Unreadable;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.SinkRecord;

import java.util.List;

/**
 * Takes one source event through the stage chain and the encoder to the sink, tracking it with a
 * ticket so its position commits once every record made from it is acknowledged. Runs on the
 * pipeline thread.
 */
final class EventProcessor {

    /** Where a source record the reader could not convert is said to have failed. */
    static final String SOURCE_STAGE = "source";

    private final StageChain chain;
    private final DeadLetterGuard guard;
    private final EncoderCalls encoder;
    private final PayloadFormat format;
    private final RecordWriter writer;
    private final ErrorHandler errors;
    private final AckTracker tracker;
    private final PipelineStats stats;
    // Written events are remembered only for stages that may want Stage.onAcknowledged.
    private final boolean rememberWritten;

    EventProcessor(StageChain chain, EncoderCalls encoder, RecordWriter writer, ErrorHandler errors,
                   AckTracker tracker, PipelineStats stats) {
        this.chain = chain;
        this.guard = DeadLetterGuard.of(chain.stages());
        this.encoder = encoder;
        this.format = encoder.format();
        this.writer = writer;
        this.errors = errors;
        this.tracker = tracker;
        this.stats = stats;
        this.rememberWritten = !chain.stages().isEmpty();
    }

    /**
     * Processes one source event. Rejected events go to {@code on_error}; anything else that fails
     * is recorded as the pipeline's fatal failure.
     *
     * @return false when the pipeline began stopping before all the event's records were written
     *         (the event then stays unacknowledged and its position is not committed)
     */
    boolean process(ChangeEvent event) {
        AckTracker.Ticket ticket = tracker.register(event.position());
        stats.eventIn(event.table());
        if (event.isUnreadable()) {
            Unreadable why = event.unreadable();
            String omitPayload = guard.omitPayloadBecause(event, DeadLetterGuard.AT_SOURCE);
            String reason = omitPayload == null ? why.reason() : DeadLetterGuard.WITHHELD_REASON;
            errors.invalid(ticket, event, new InvalidDataException(SOURCE_STAGE, event.table(), why.field(),
                    reason + " (at " + Positions.describe(event.position()) + ")"), SOURCE_STAGE, null, omitPayload);
            ticket.seal();
            return true;
        }
        try {
            List<ChangeEvent> outputs = chain.apply(event);
            for (int i = 0; i < outputs.size(); i++) {
                if (!encodeAndWrite(ticket, outputs.get(i))) return false;
                if (errors.failed()) break;
            }
        } catch (StageChain.Failure f) {
            errors.invalid(ticket, f.input(), f.invalid(), f.stage(), null,
                    guard.omitPayloadBecause(f.input(), f.index()));
        } catch (RuntimeException e) {
            errors.fatal(ticket, e);
        }
        ticket.seal();
        return true;
    }

    private boolean encodeAndWrite(AckTracker.Ticket ticket, ChangeEvent event) {
        byte[] key = null;
        byte[] value = null;
        Headers.Builder headers = event.headers().toBuilder();
        long encodeStart = stats.timeThisEncode() ? System.nanoTime() : 0;
        try {
            if (event.key() != null) {
                key = encoder.encode(event, Encoder.Role.KEY, event.key(), headers);
                if (key == null) return false;
            }
            if (event.value() != null) {
                value = encoder.encode(event, Encoder.Role.VALUE, event.value(), headers);
                if (value == null) return false;
            }
        } catch (InvalidDataException e) {
            errors.invalid(ticket, event, e, "encoder", null, null);
            return true;
        } catch (RuntimeException e) {
            throw new FatalException("encoder failed on an event of table " + event.table() + " at "
                    + Positions.describe(event.position()) + ": " + e, e);
        }
        if (encodeStart != 0) stats.encoded(System.nanoTime() - encodeStart);
        SinkRecord record = new SinkRecord(event.topic(), key, value, headers.build(), format, event);
        if (!writer.write(ticket, record)) return false;
        if (rememberWritten) ticket.written(event);
        return true;
    }
}
