package io.cdctoolkit.compat.nativepg;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.source.postgres.PostgresSourceFactory;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One {@code postgres-cdc} reader of the parity suite, created as the pipeline creates it
 * ({@link PostgresSourceFactory#create}) from a config map, driven the way the runtime drives it: polled,
 * each batch's last position committed. It keeps every event it received, in order.
 *
 * <p>Both runs of a comparison get the same config except {@code engine}, {@code slot_name} and
 * {@code publication} (one slot and publication per run, so both read the same WAL), and, for a run on the
 * Debezium engine only, {@code debezium.custom.metric.tags}: Debezium registers JMX beans named after the
 * source, and two engines of one source name side by side would collide (it only changes JMX names).
 */
@SuppressWarnings("try") // close() may throw InterruptedException, as CdcReader's may
final class EngineRun implements AutoCloseable {

    /** The source name of every run: it names topics and {@code source.name}, so both runs must share it. */
    static final String SOURCE_NAME = "pg";
    static final String NATIVE = "native";
    /**
     * System property: when set, the native runs use that many {@code snapshot_connections} (e.g.
     * {@code -Dcdc.native.snapshot_connections=2} to run the suite on the parallel snapshot).
     */
    static final String SNAPSHOT_CONNECTIONS_PROPERTY = "cdc.native.snapshot_connections";
    static final String DEBEZIUM = "debezium";

    private final String label;
    private final String slot;
    private final CdcReader reader;
    private final List<ChangeEvent> received = new ArrayList<>();

    private EngineRun(String label, String slot, CdcReader reader) {
        this.label = label;
        this.slot = slot;
        this.reader = reader;
    }

    /**
     * Whether this build's {@code postgres-cdc} has the {@code engine} option with the value {@code native}
     * (issue 12): until it does, the native side of the suite is skipped.
     */
    static boolean nativeEngineAvailable() {
        return engineOption().map(o -> o.allowedValues().contains(NATIVE)).orElse(false);
    }

    /** Whether the {@code engine} option exists at all (then the Debezium side can name its engine). */
    static boolean engineOptionExists() {
        return engineOption().isPresent();
    }

    private static java.util.Optional<OptionSpec> engineOption() {
        return new PostgresSourceFactory().spec().options().stream().filter(o -> o.accepts("engine")).findFirst();
    }

    /**
     * The reader {@code postgres-cdc} creates for {@code config} with this {@code engine} (not started): what
     * the suite checks to know that the candidate really is another engine.
     */
    static CdcReader create(Map<String, Object> config, String engine, Path stateDir) throws Exception {
        Map<String, Object> raw = new HashMap<>(config);
        if (engine != null) raw.put("engine", engine);
        // No slot monitor: it would wrap the reader, and the suite compares events, not meters.
        raw.putIfAbsent("slot_monitor_interval_ms", 0L);
        PostgresSourceFactory factory = new PostgresSourceFactory();
        return factory.create(Options.of("sources." + SOURCE_NAME + ".config", factory.spec().options(), raw),
                ComponentContext.of(SOURCE_NAME, stateDir));
    }

    /**
     * Creates and starts a reader.
     *
     * @param config the source config shared by both runs (without slot, publication and engine)
     * @param engine {@code engine} value, or null to leave the option out (the default engine)
     * @param slot   this run's slot, also its publication's name
     */
    static EngineRun start(Map<String, Object> config, String engine, String slot, Path stateDir) throws Exception {
        Map<String, Object> raw = new HashMap<>(config);
        raw.put("slot_name", slot);
        raw.put("publication", slot);
        if (engine != null) raw.put("engine", engine);
        if (NATIVE.equals(engine)) {
            Integer connections = Integer.getInteger(SNAPSHOT_CONNECTIONS_PROPERTY);
            if (connections != null) raw.putIfAbsent("snapshot_connections", connections);
        }
        if (DEBEZIUM.equals(engine)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> debezium = new HashMap<>((Map<String, Object>) raw.getOrDefault("debezium", Map.of()));
            debezium.put("custom.metric.tags", "parity_run=" + slot);
            raw.put("debezium", debezium);
        }
        CdcReader reader = create(raw, null, stateDir);
        EngineRun run = new EngineRun((engine == null ? "default engine" : "engine " + engine) + " (slot " + slot + ")",
                slot, reader);
        try {
            reader.start();
        } catch (Exception | Error e) {
            try {
                run.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return run;
    }

    String label() {
        return label;
    }

    String slot() {
        return slot;
    }

    /** Polls once (briefly) and commits what came, as the runtime would once the sink acknowledged it. */
    void pollOnce() throws Exception {
        List<ChangeEvent> batch = reader.poll(Duration.ofMillis(10));
        if (batch.isEmpty()) return;
        received.addAll(batch);
        reader.commit(batch.get(batch.size() - 1).position());
    }

    /** Whether an event received so far matches. */
    boolean received(Predicate<ChangeEvent> event) {
        for (int i = received.size() - 1; i >= 0; i--) {
            if (event.test(received.get(i))) return true;
        }
        return false;
    }

    int size() {
        return received.size();
    }

    /** Everything received, in order. */
    List<ChangeEvent> events() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws Exception {
        reader.close();
    }
}
