package io.cdctoolkit.cli;

import io.cdctoolkit.sinks.kafka.PayloadDecoder;
import io.cdctoolkit.sinks.kafka.TailOptions;
import io.cdctoolkit.sinks.kafka.TopicTailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The quickstart's live view: one {@link TopicTailer} per topic the pipeline writes to, started as the
 * topic appears, printing each record read back from Kafka (decoded with the registry) on {@code out},
 * as {@code tail} prints them.
 */
final class TopicViewer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicViewer.class);

    private final String bootstrapServers;
    private final PayloadDecoder decoder;
    private final PrintStream out;
    private final Map<String, View> views = new ConcurrentHashMap<>();

    /** One topic's tailer, its thread and how many lines it printed. */
    private record View(TopicTailer tailer, Thread thread, AtomicLong printed) {
    }

    TopicViewer(String bootstrapServers, PayloadDecoder decoder, PrintStream out) {
        this.bootstrapServers = bootstrapServers;
        this.decoder = decoder;
        this.out = out;
    }

    /** Starts showing the topics not shown yet that have acknowledged records (topic → records acknowledged). */
    void show(Map<String, Long> acknowledged) {
        // Only topics Kafka acknowledged records for: before that the topic may not exist yet, and a view
        // started then would fail (tail does not create topics) and never show it.
        acknowledged.forEach((topic, records) -> {
            if (records > 0) views.computeIfAbsent(topic, this::start);
        });
    }

    private View start(String topic) {
        TopicTailer tailer = new TopicTailer(decoder);
        AtomicLong printed = new AtomicLong();
        PrintStream shared = out; // PrintStream's own protected field is also called out
        PrintStream counting = new PrintStream(OutputStream.nullOutputStream()) {
            @Override
            public void println(String line) {
                shared.println(line);
                printed.incrementAndGet();
            }

            @Override
            public void flush() {
                shared.flush();
            }
        };
        Thread thread = new Thread(() -> {
            try {
                tailer.tail(TailOptions.builder(bootstrapServers, topic).fromBeginning(true).build(), counting);
            } catch (Exception e) {
                LOG.warn("cannot show topic {}: {}", topic, e.getMessage());
            }
        }, "quickstart-view-" + topic);
        thread.setDaemon(true);
        thread.start();
        return new View(tailer, thread, printed);
    }

    /** Waits until each topic showed {@code written} records (or {@code timeout} passed). */
    void awaitShown(Map<String, Long> written, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        show(written);
        while (System.nanoTime() < deadline) {
            boolean all = written.entrySet().stream()
                    .allMatch(e -> e.getValue() == 0 || views.get(e.getKey()).printed().get() >= e.getValue());
            if (all) return;
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        views.values().forEach(v -> v.tailer().stop());
        for (View v : views.values()) v.thread().join(5_000);
    }
}
