package io.cdctoolkit.engine.stage.dedup;

import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.FeatureFactory;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code cdc_features.deduplication}: the stage that drops re-delivered events. Its window lives in
 * the source's state folder ({@value DedupLog#FILE_NAME}) and is reloaded on start.
 *
 * <p>Metrics, tagged {@code source=<source name>}: {@code dedup.dropped} (re-deliveries dropped),
 * {@code dedup.entries} (keys in the window), {@code dedup.evictions} (tag {@code reason}:
 * {@code expired} or {@code size}).
 */
public final class DeduplicationFactory implements FeatureFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DeduplicationFactory.class);

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.FEATURE, DeduplicationStage.NAME,
            "Drops events the sink already acknowledged (a restart replays from the last committed position):"
                    + " keyed by table, key, op and source position, recorded when the sink acknowledges,"
                    + " kept in the source's state folder so that a kill -9 does not forget it",
            DeduplicationSettings.OPTIONS);

    private final LongSupplier clock;

    /** The factory {@link java.util.ServiceLoader} finds: wall-clock time. */
    public DeduplicationFactory() {
        this(System::currentTimeMillis);
    }

    /** A factory whose windows read time (epoch milliseconds) from {@code clock}: for tests. */
    DeduplicationFactory(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public List<ConfigProblem> validate(Options options) {
        try {
            DeduplicationSettings.from(options);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(new ConfigProblem(options.keyPath(), e.getMessage(),
                    "ttl_seconds: 1.." + DeduplicationSettings.MAX_TTL_SECONDS + ", max_entries: 1.."
                            + DeduplicationSettings.MAX_ENTRIES + ", key: position or content"));
        }
    }

    @Override
    public Stage create(Options options, ComponentContext context) throws ConfigException {
        List<ConfigProblem> problems = validate(options);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        DeduplicationSettings settings = DeduplicationSettings.from(options);
        MeterRegistry registry = context.meterRegistry();
        Tags tags = Tags.of("source", sourceName(context));
        Counter expired = evictions(registry, tags, "expired");
        Counter evictedBySize = evictions(registry, tags, "size");
        Counter dropped = Counter.builder("dedup.dropped").description("Re-delivered events dropped by deduplication")
                .tags(tags).register(registry);
        DedupWindow.Opened opened;
        try {
            java.nio.file.Files.createDirectories(context.stateDir());
            opened = DedupWindow.open(context.stateDir(), settings, clock,
                    isExpiry -> (isExpiry ? expired : evictedBySize).increment());
        } catch (IOException e) {
            throw new ConfigException(options.keyPath(), "cannot open the deduplication log in " + context.stateDir()
                    + ": " + e, "make the state folder writable");
        }
        DedupLog.Contents loaded = opened.loaded();
        if (loaded.otherFormat()) {
            LOG.info("{}: the deduplication log was written with another key mode or version; starting empty",
                    options.keyPath());
        }
        if (loaded.tornBytes() > 0) {
            LOG.warn("{}: ignored {} bytes at the end of the deduplication log (a write cut short by a crash)",
                    options.keyPath(), loaded.tornBytes());
        }
        LOG.info("{}: deduplication window reloaded with {} of {} logged keys (the rest expired or over max_entries)",
                options.keyPath(), opened.reloaded(), loaded.entries().size());
        return new DeduplicationStage(opened.window(), settings.key(), registry, tags, dropped);
    }

    private static Counter evictions(MeterRegistry registry, Tags tags, String reason) {
        return Counter.builder("dedup.evictions").description("Keys that left the deduplication window")
                .tags(tags.and("reason", reason)).register(registry);
    }

    /** The source's name: from the key path {@code sources.<name>.config.cdc_features...}, else the context's. */
    static String sourceName(ComponentContext context) {
        String path = context.keyPath();
        int end = path.indexOf(".config.");
        return path.startsWith("sources.") && end > "sources.".length() ? path.substring("sources.".length(), end)
                : context.name();
    }
}
