package io.cdctoolkit.engine.stage.dedup;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.stage.TombstoneSettings;
import io.cdctoolkit.engine.stage.TombstoneStage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.cdctoolkit.engine.testing.TestEvents.ENVELOPE_SCHEMA;
import static io.cdctoolkit.engine.testing.TestEvents.SOURCE_SCHEMA;
import static io.cdctoolkit.engine.testing.TestEvents.TOPIC;
import static io.cdctoolkit.engine.testing.TestEvents.USERS;
import static io.cdctoolkit.engine.testing.TestEvents.delete;
import static io.cdctoolkit.engine.testing.TestEvents.insert;
import static io.cdctoolkit.engine.testing.TestEvents.key;
import static io.cdctoolkit.engine.testing.TestEvents.row;
import static io.cdctoolkit.engine.testing.TestEvents.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A deduplication stage on a temporary state folder, a controllable clock and a private meter registry. */
abstract class DedupStageFixture {

    static final String KEY_PATH = "sources.pg.config.cdc_features.deduplication";

    @TempDir
    Path state;

    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    final MeterRegistry meters = new SimpleMeterRegistry();
    private final List<Stage> open = new ArrayList<>();

    @AfterEach
    void closeStages() {
        open.forEach(Stage::close);
    }

    Stage stage(Map<String, ?> options) throws ConfigException {
        DeduplicationFactory factory = new DeduplicationFactory(clock::get);
        Options parsed = Options.of(KEY_PATH, factory.spec().options(), options);
        Stage stage = factory.create(parsed, new ComponentContext("deduplication", KEY_PATH, null, state, meters));
        open.add(stage);
        return stage;
    }

    Stage stage() throws ConfigException {
        return stage(Map.of());
    }

    static List<ChangeEvent> apply(Stage stage, ChangeEvent event) throws Exception {
        List<ChangeEvent> out = new ArrayList<>();
        stage.apply(event, out::add);
        return out;
    }

    /** Passes the event through the stage and has the sink acknowledge what came out. */
    static List<ChangeEvent> deliver(Stage stage, ChangeEvent event) throws Exception {
        List<ChangeEvent> out = apply(stage, event);
        out.forEach(stage::onDelivered);
        return out;
    }

    double counter(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }

    double entries() {
        return meters.get("dedup.entries").tag("source", "pg").gauge().value();
    }
}
