package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.testing.Await;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A pipeline running on a thread of its own, so the test thread can drive the sink and the source. */
final class RunningPipeline implements AutoCloseable {

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "pipeline"));
    private final Future<PipelineResult> future;

    RunningPipeline(Pipeline pipeline) {
        this.future = executor.submit(pipeline::run);
    }

    /** Waits for {@code run()} to return. */
    PipelineResult result() throws Exception {
        return future.get(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    boolean isDone() {
        return future.isDone();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
