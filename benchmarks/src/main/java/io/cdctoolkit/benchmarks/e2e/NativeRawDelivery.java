package io.cdctoolkit.benchmarks.e2e;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.source.postgres.PostgresSourceFactory;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code native-raw}: the native PostgreSQL reader ({@code postgres-cdc} with {@code engine: native}, created
 * as the pipeline creates it) polled on one thread; each batch's events of the table are counted and its last
 * position committed, nothing else — the counterpart of {@code debezium-raw}, so the two readers are compared
 * without the pipeline, encoder, producer and broker that every producing variant adds alike.
 */
final class NativeRawDelivery implements Delivery {

    private static final Duration POLL = Duration.ofMillis(100);

    private final ChildSpec spec;
    private final AtomicLong delivered = new AtomicLong();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile boolean stopping;
    private CdcReader reader;
    private Thread thread;

    NativeRawDelivery(ChildSpec spec) {
        this.spec = spec;
    }

    /** The source options of the run: what {@code native-json}'s config sets, without the slot monitor (debezium-raw has none). */
    Map<String, Object> options() {
        PostgresTarget pg = spec.postgres();
        Map<String, Object> raw = new HashMap<>();
        raw.put("host", pg.host());
        raw.put("port", pg.port());
        raw.put("database", pg.database());
        raw.put("user", pg.user());
        if (!pg.password().isEmpty()) raw.put("password", pg.password());
        raw.put("engine", "native");
        raw.put("slot_name", spec.slot());
        raw.put("publication", OrdersTable.PUBLICATION);
        raw.put("snapshot_mode", spec.workload().snapshot() ? "initial" : "never");
        raw.put("include_tables", List.of(OrdersTable.SCHEMA + "." + OrdersTable.NAME));
        raw.put("slot_monitor_interval_ms", 0L);
        raw.putAll(CdcToolkitDelivery.extraOptions(CdcToolkitDelivery.SOURCE_EXTRA));
        return raw;
    }

    @Override
    public void start() throws Exception {
        PostgresSourceFactory factory = new PostgresSourceFactory();
        reader = factory.create(Options.of("sources.bench.config", factory.spec().options(), options()),
                ComponentContext.of("bench", spec.workDir().resolve("state")));
        thread = new Thread(this::run, "native-raw");
        thread.start();
        if (!started.await(150, TimeUnit.SECONDS)) throw new IllegalStateException("the reader did not start within 150 s");
        Throwable failed = failure;
        if (failed != null) throw new IllegalStateException("the reader failed: " + failed.getMessage(), failed);
    }

    private void run() {
        try {
            reader.start();
            started.countDown();
            while (!stopping) {
                List<ChangeEvent> batch = reader.poll(POLL);
                if (batch.isEmpty()) continue;
                long tableEvents = 0;
                for (ChangeEvent event : batch) {
                    if (OrdersTable.NAME.equals(event.table().table())) tableEvents++;
                }
                reader.commit(batch.get(batch.size() - 1).position());
                delivered.addAndGet(tableEvents);
            }
        } catch (Throwable t) {
            if (!stopping) failure = t;
            started.countDown();
        }
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() throws Exception {
        stopping = true;
        if (thread != null) thread.join(TimeUnit.SECONDS.toMillis(30));
        if (reader != null) reader.close();
    }
}
