package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.debezium.ProducerFailureFence;
import io.debezium.connector.mysql.MySqlConnectorTask;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.List;

/** Debezium's MySQL task, delivering nothing read after its producer failed ({@link ProducerFailureFence}). */
public class FencedMySqlConnectorTask extends MySqlConnectorTask {

    @Override
    public List<SourceRecord> doPoll() throws InterruptedException {
        return ProducerFailureFence.check(super.doPoll(), getErrorHandler());
    }
}
