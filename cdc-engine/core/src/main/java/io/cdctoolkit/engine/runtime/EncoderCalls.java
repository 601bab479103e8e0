package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.RetryableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Calls the encoder, waiting out {@link RetryableException}s (a registry that is down): the call is
 * repeated with the {@link RetryPolicy}'s backoff, capped at its longest wait, for as long as it
 * takes — an outage makes the pipeline wait, it never skips or fails the event. Only a stop ends the
 * wait, leaving the event unwritten and so uncommitted.
 */
final class EncoderCalls {

    private static final Logger LOG = LoggerFactory.getLogger(EncoderCalls.class);

    private final String pipeline;
    private final Encoder encoder;
    private final RetryPolicy retry;
    private final StopSignal signal;
    private final PipelineStats stats;

    EncoderCalls(String pipeline, Encoder encoder, RetryPolicy retry, StopSignal signal, PipelineStats stats) {
        this.pipeline = pipeline;
        this.encoder = encoder;
        this.retry = retry;
        this.signal = signal;
        this.stats = stats;
    }

    PayloadFormat format() {
        return encoder.format();
    }

    /**
     * The encoded row, or null when the pipeline was asked to stop while the encoder kept failing
     * with a {@link RetryableException}.
     */
    byte[] encode(ChangeEvent event, Encoder.Role role, Row row, Headers.Builder headers)
            throws InvalidDataException {
        for (int attempt = 1; ; attempt++) {
            try {
                return encoder.encode(event.topic(), role, row, headers);
            } catch (RetryableException e) {
                stats.encoderRetried();
                Duration delay = retry.delay(attempt, ThreadLocalRandom.current().nextDouble());
                LOG.warn("pipeline '{}': encoder cannot encode the {} of an event of table {} for topic '{}' ({});"
                                + " waiting {} ms before try {} (the pipeline waits until it succeeds)", pipeline,
                        role.suffix(), event.table(), event.topic(), e.getMessage(), delay.toMillis(), attempt + 1);
                if (signal.sleep(delay.toNanos())) return null;
            }
        }
    }
}
