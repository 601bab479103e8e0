package io.cdctoolkit.benchmarks.e2e;

import io.cdctoolkit.engine.config.ConfigLoader;
import io.cdctoolkit.engine.config.PipelineAssembler;
import io.cdctoolkit.engine.config.PipelineDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineCounts;
import io.cdctoolkit.engine.runtime.PipelineListener;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code cdc-json} / {@code cdc-avro} ({@code engine: debezium}) and {@code native-json} ({@code engine: native},
 * the default): postgres-cdc → Kafka sink built from a YAML config exactly as
 * {@code cdc-toolkit run} builds it (ConfigLoader → PipelineAssembler → Pipeline.run on its own thread),
 * with every option at its default except what the workload needs (server, slot, publication, table,
 * snapshot mode) and the registry, plus the options of {@code -De2e.source.extra=k=v;k=v} and
 * {@code -De2e.sink.extra=k=v;k=v} (to try a setting against the defaults; empty in the documented runs). The config is kept as
 * {@code <workDir>/e2e.yaml}.
 */
final class CdcToolkitDelivery implements Delivery {

    private static final String JSON_REGISTRY = "{ mode: disabled }";
    private static final String AVRO_REGISTRY = "{ mode: external, format: avro, external: { url: \"mock://bench\" } }";

    private final ChildSpec spec;
    private final String bootstrapServers;
    private final CountDownLatch polled = new CountDownLatch(1);
    private volatile Pipeline pipeline;
    private volatile PipelineResult result;
    private Thread thread;

    CdcToolkitDelivery(ChildSpec spec, String bootstrapServers) {
        this.spec = spec;
        this.bootstrapServers = bootstrapServers;
    }

    /** The config `cdc-toolkit run --config` would be given for this run. */
    String config() {
        PostgresTarget pg = spec.postgres();
        return """
                version: "1.0"
                state_dir: "%s"
                schema_registry: %s
                sources:
                  bench:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: %s
                %s%s      slot_name: %s
                      publication: %s
                      snapshot_mode: %s
                      include_tables: [%s.%s]
                %ssinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: "%s"
                %spipelines:
                  bench: { source: bench, sink: kafka }
                """.formatted(spec.workDir().resolve("state"), spec.variant() == Variant.CDC_AVRO ? AVRO_REGISTRY : JSON_REGISTRY,
                pg.host(), pg.port(), pg.database(), pg.user(),
                pg.password().isEmpty() ? "" : "      password: ${" + ChildSpec.PASSWORD_ENV + "}\n",
                spec.variant() == Variant.NATIVE_JSON ? "      engine: native\n" : "      engine: debezium\n",
                spec.slot(), OrdersTable.PUBLICATION, spec.workload().snapshot() ? "initial" : "never",
                OrdersTable.SCHEMA, OrdersTable.NAME, extra(SOURCE_EXTRA), bootstrapServers, extra("e2e.sink.extra"));
    }

    /** Extra source options of the run, {@code k=v;k=v} (e.g. {@code snapshot_connections=2}); native-raw reads them too. */
    static final String SOURCE_EXTRA = "e2e.source.extra";

    /** The options of system property {@code property}, {@code k=v;k=v}, in order. */
    static Map<String, String> extraOptions(String property) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String kv : System.getProperty(property, "").split(";")) {
            if (kv.isBlank()) continue;
            String[] p = kv.split("=", 2);
            options.put(p[0].trim(), p[1].trim());
        }
        return options;
    }

    private static String extra(String property) {
        StringBuilder b = new StringBuilder();
        extraOptions(property).forEach((k, v) -> b.append("      ").append(k).append(": ").append(v).append('\n'));
        return b.toString();
    }

    @Override
    public void start() throws Exception {
        Path file = spec.workDir().resolve("e2e.yaml");
        Files.writeString(file, config());
        ComponentCatalog catalog = ComponentCatalog.load();
        ToolkitConfig config = ConfigLoader.load(file, catalog, System.getenv());
        PipelineDefinition definition = config.pipeline("bench").orElseThrow();
        pipeline = new PipelineAssembler(catalog, new SimpleMeterRegistry()).assemble(config, definition)
                .listener(new PipelineListener() {
                    @Override
                    public void onBatch(PipelineCounts counts) {
                        polled.countDown(); // the source is started and polled once
                    }
                })
                .build();
        thread = new Thread(() -> {
            result = pipeline.run();
            polled.countDown();
        }, "pipeline");
        thread.start();
        if (!polled.await(150, TimeUnit.SECONDS)) throw new IllegalStateException("the pipeline did not start within 150 s");
        Throwable failed = failure();
        if (failed != null) throw new IllegalStateException("the pipeline failed: " + failed.getMessage(), failed);
    }

    /** Acknowledged records of the table's topic (whatever the sink names it: it ends with the table's name). */
    @Override
    public long delivered() {
        long n = 0;
        for (Map.Entry<String, Long> e : pipeline.counts().recordsPerTopic().entrySet()) {
            if (e.getKey().endsWith(OrdersTable.NAME)) n += e.getValue();
        }
        return n;
    }

    @Override
    public Throwable failure() {
        PipelineResult r = result;
        if (r == null) return null;
        return r.failure() != null ? r.failure() : new IllegalStateException("the pipeline ended: " + r.status());
    }

    @Override
    public void close() throws Exception {
        if (pipeline == null) return;
        pipeline.stop();
        thread.join(TimeUnit.SECONDS.toMillis(60));
    }
}
