package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.debezium.ProducerFailureFence;
import io.debezium.connector.mariadb.MariaDbConnectorTask;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.List;

/** Debezium's MariaDB task, delivering nothing read after its producer failed ({@link ProducerFailureFence}). */
public class FencedMariaDbConnectorTask extends MariaDbConnectorTask {

    @Override
    protected List<SourceRecord> doPoll() throws InterruptedException {
        return ProducerFailureFence.check(super.doPoll(), getErrorHandler());
    }
}
