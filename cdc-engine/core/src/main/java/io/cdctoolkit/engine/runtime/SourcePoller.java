package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.RetryableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Polls the source, retrying {@link RetryableException}s with backoff as the {@link RetryPolicy} says. */
final class SourcePoller {

    private static final Logger LOG = LoggerFactory.getLogger(SourcePoller.class);

    private final String pipeline;
    private final CdcReader reader;
    private final RetryPolicy retry;
    private final StopSignal signal;

    SourcePoller(String pipeline, CdcReader reader, RetryPolicy retry, StopSignal signal) {
        this.pipeline = pipeline;
        this.reader = reader;
        this.retry = retry;
        this.signal = signal;
    }

    /**
     * The next events; empty when none came in time or a stop was requested during a backoff.
     *
     * @throws FatalException when the source keeps failing after the last retry
     * @throws Exception      any other failure of the source, as it threw it (fatal)
     */
    List<ChangeEvent> poll(Duration timeout) throws Exception {
        for (int retries = 0; ; retries++) {
            try {
                List<ChangeEvent> events = reader.poll(timeout);
                return events == null ? List.of() : events;
            } catch (RetryableException e) {
                if (retries >= retry.maxRetries()) {
                    throw new FatalException("source of pipeline '" + pipeline + "' still failing after "
                            + retries + " retries: " + e.getMessage(), e);
                }
                Duration delay = retry.delay(retries + 1, ThreadLocalRandom.current().nextDouble());
                LOG.warn("pipeline '{}': source poll failed ({}); retry {} of {} in {} ms", pipeline,
                        e.getMessage(), retries + 1, retry.maxRetries(), delay.toMillis());
                if (signal.sleep(delay.toNanos())) return List.of();
            }
        }
    }
}
