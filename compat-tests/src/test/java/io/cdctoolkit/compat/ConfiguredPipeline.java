package io.cdctoolkit.compat;

import io.cdctoolkit.engine.config.ConfigLoader;
import io.cdctoolkit.engine.config.PipelineAssembler;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A pipeline built the way {@code cdc-toolkit run} builds it — config text through {@link ConfigLoader}
 * and {@link PipelineAssembler} with the components found on the class path — and run on a thread of
 * its own, so the test can change the database or stop the broker meanwhile.
 */
final class ConfiguredPipeline implements AutoCloseable {

    /** How long a test waits for {@code run()} to return once it should. */
    static final Duration END_TIMEOUT = Duration.ofSeconds(120);

    private final Pipeline pipeline;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "e2e-pipeline"));
    private Future<PipelineResult> result;

    private ConfiguredPipeline(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** The first enabled pipeline of {@code yaml}, assembled but not started. */
    static Pipeline.Builder assemble(String yaml) throws Exception {
        return assemble(yaml, new SimpleMeterRegistry());
    }

    /** As {@link #assemble(String)}, with the pipeline's and its components' meters in {@code meters}. */
    static Pipeline.Builder assemble(String yaml, MeterRegistry meters) throws Exception {
        ComponentCatalog catalog = ComponentCatalog.load();
        ToolkitConfig config = ConfigLoader.load(yaml, "e2e.yaml", catalog, Map.of());
        return new PipelineAssembler(catalog, meters).assemble(config, config.enabledPipelines().get(0));
    }

    /** Starts {@code pipeline} on its own thread. */
    static ConfiguredPipeline start(Pipeline pipeline) {
        ConfiguredPipeline running = new ConfiguredPipeline(pipeline);
        running.result = running.thread.submit(pipeline::run);
        return running;
    }

    /** Assembles the first enabled pipeline of {@code yaml} and starts it. */
    static ConfiguredPipeline start(String yaml) throws Exception {
        return start(assemble(yaml).build());
    }

    Pipeline pipeline() {
        return pipeline;
    }

    boolean isDone() {
        return result.isDone();
    }

    /** Waits for the pipeline to end by itself (bounded source, limit, failure). */
    PipelineResult awaitResult() throws Exception {
        return result.get(END_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Asks the pipeline to stop and waits for its result. */
    PipelineResult stop() throws Exception {
        pipeline.stop();
        return awaitResult();
    }

    @Override
    public void close() throws Exception {
        try {
            if (!result.isDone()) stop();
        } finally {
            thread.shutdownNow();
        }
    }
}
