package io.cdctoolkit.benchmarks.e2e;

import io.debezium.engine.ChangeEvent;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.concurrent.atomic.AtomicLong;

/** {@code debezium-raw}: the engine's records are counted and marked processed, nothing else. */
final class DebeziumRawDelivery implements Delivery {

    private final AtomicLong delivered = new AtomicLong();
    private final DebeziumEngineRun engine;

    DebeziumRawDelivery(ChildSpec spec) {
        engine = new DebeziumEngineRun(spec, (records, committer) -> {
            long tableRecords = 0;
            for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
                if (DebeziumEngineRun.TOPIC.equals(record.value().topic())) tableRecords++;
                committer.markProcessed(record);
            }
            committer.markBatchFinished();
            delivered.addAndGet(tableRecords);
        });
    }

    @Override
    public void start() throws Exception {
        engine.start();
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public Throwable failure() {
        return engine.failure();
    }

    @Override
    public void close() throws Exception {
        engine.close();
    }
}
