package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Re-sends the records the broker refused only because of their batch: KIP-467 batch-mates of an
 * invalid record, and the records of a batch larger than the topic's segment
 * ({@code RecordBatchTooLargeException}). Only a record that fails alone follows {@code on_error}.
 *
 * <p>Order: the producer has usually sent later records of the same partition by the time a batch
 * fails. So, on the first such failure, {@link #beginSend} holds the sink's new writes; the repair
 * thread flushes the producer (every earlier record is then settled), and re-sends the refused
 * records one at a time, waiting for each, in the order they were written — then opens the gate. A
 * refused record whose key already has a later change in Kafka cannot be re-sent without putting
 * the older change last: that stops the pipeline instead (nothing from it on is committed, so the
 * next run writes it and the later change again, in order).
 */
final class BatchRepair implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRepair.class);

    /** One record handed to the producer. */
    interface Sent {
        /** Write order within this sink. */
        long serial();

        String topic();

        /** The record key (null for a keyless record, which has no order to keep). */
        byte[] key();

        /** Sends the record again, alone; its callback then runs with the outcome of that send. */
        Future<?> resend(Producer<byte[], byte[]> producer);

        /** Runs the sink callback with {@code error} (null: written). */
        void complete(Exception error);

        /** The sink callback's exception for a record that failed on its own. */
        Exception classify(Exception error);
    }

    private final Producer<byte[], byte[]> producer;
    private final String sink;
    private final List<Sent> refused = new ArrayList<>();
    /** While repairing: per topic and key, the newest write the broker took since the first refusal. */
    private final Map<KeyRef, Long> writtenSince = new HashMap<>();
    private boolean repairing;
    /** Writers between {@link #beginSend} and {@link #endSend}: the repair waits for them before its flush. */
    private int sending;
    private Thread worker;
    private boolean closed;

    BatchRepair(Producer<byte[], byte[]> producer, String sink) {
        this.producer = producer;
        this.sink = sink;
    }

    /** Whether the producer refused {@code error}'s record for its batch rather than for itself. */
    static boolean batchLevel(Exception error) {
        return SendErrors.isBatchmate(error) || error instanceof RecordBatchTooLargeException;
    }

    /**
     * Call before handing a new record to the producer, and {@link #endSend()} after: blocks while a
     * repair runs, so no new record overtakes a re-sent one; at most {@code timeoutMs} (max_block_ms),
     * like any other wait of a write.
     */
    synchronized void beginSend(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (repairing && !closed) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) {
                throw new FatalException("kafka-sink '" + sink + "': records refused with their batch were not"
                        + " written again within " + timeoutMs + " ms (max_block_ms); the brokers are unreachable"
                        + " or slow");
            }
            wait(leftMs);
        }
        sending++;
    }

    /** The record announced by {@link #beginSend} is in the producer (or failed to get there). */
    synchronized void endSend() {
        sending--;
        notifyAll();
    }

    /** A record the broker took; called from the producer's callbacks. */
    synchronized void written(Sent sent) {
        if (repairing && sent.key() != null) writtenSince.merge(new KeyRef(sent), sent.serial(), Math::max);
    }

    /** A record refused for its batch (see {@link #batchLevel}); called from the producer's callbacks. */
    synchronized void refused(Sent sent) {
        refused.add(sent);
        if (!repairing) {
            repairing = true;
            LOG.warn("kafka-sink '{}': the broker refused a batch for one of its records; holding new writes and"
                    + " re-sending the others one at a time", sink);
            worker = new Thread(this::repair, "cdc-toolkit-" + sink + "-batch-repair");
            worker.setDaemon(true);
            worker.start();
        }
        notifyAll();
    }

    private void repair() {
        List<Sent> batch = new ArrayList<>();
        try {
            while (true) {
                synchronized (this) {
                    while (sending > 0 && !closed) wait();
                }
                producer.flush(); // everything written before is settled: all refused records are known
                synchronized (this) {
                    if (refused.isEmpty() || closed) {
                        failRemaining(List.of());
                        return;
                    }
                    batch.addAll(refused);
                    refused.clear();
                }
                batch.sort(Comparator.comparingLong(Sent::serial));
                while (!batch.isEmpty()) {
                    resendAlone(batch.get(0)); // completes it, unless interrupted first
                    batch.remove(0);
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            // Closed meanwhile (interrupt, or the producer closed under us): each callback still runs once.
            synchronized (this) {
                failRemaining(batch);
            }
        }
    }

    private void resendAlone(Sent sent) throws InterruptedException {
        Long newer;
        synchronized (this) {
            newer = sent.key() == null ? null : writtenSince.get(new KeyRef(sent));
        }
        if (newer != null && newer > sent.serial()) {
            sent.complete(new FatalException("kafka-sink: the broker refused a record for topic '" + sent.topic()
                    + "' only because it shared a batch with an invalid record, and a later change of the same key"
                    + " is already in Kafka; re-sending it now would put the older change last, so the pipeline"
                    + " stops and the next run writes both again, in order"));
            return;
        }
        try {
            sent.resend(producer).get();
            synchronized (this) {
                if (sent.key() != null) writtenSince.merge(new KeyRef(sent), sent.serial(), Math::max);
            }
            sent.complete(null);
        } catch (ExecutionException e) {
            Exception cause = e.getCause() instanceof Exception ex ? ex : e;
            // Alone in its batch, a batch-level refusal is about the record itself.
            Exception reported = batchLevel(cause)
                    ? new InvalidDataException(SendErrors.STAGE, null, null, "Kafka rejected the record for topic '"
                    + sent.topic() + "' even alone in its batch (" + cause.getClass().getSimpleName() + "): "
                    + cause.getMessage(), cause)
                    : sent.classify(cause);
            sent.complete(reported);
        }
    }

    /** Ends the repair: records not sent again by now fail (they are not committed); writes go on. */
    private void failRemaining(List<Sent> unsent) {
        List<Sent> all = new ArrayList<>(unsent);
        all.addAll(refused);
        for (Sent sent : all) {
            sent.complete(new FatalException("kafka-sink '" + sink + "': closed before a record for topic '"
                    + sent.topic() + "' refused with its batch could be sent again; it is not committed"));
        }
        refused.clear();
        repairing = false;
        writtenSince.clear();
        notifyAll();
    }

    /** Stops repairing; records still waiting for a re-send fail (they are not committed). */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = worker;
            notifyAll();
        }
        if (running != null) running.interrupt();
    }

    /** A topic and key, compared by content. */
    private record KeyRef(String topic, ByteBuffer key) {
        KeyRef(Sent sent) {
            this(sent.topic(), ByteBuffer.wrap(sent.key()));
        }
    }
}
