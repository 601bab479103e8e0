package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.debezium.MaskedTaskConfigs;
import io.debezium.connector.mariadb.MariaDbConnector;
import org.apache.kafka.connect.connector.Task;

import java.util.List;
import java.util.Map;

/**
 * Debezium's {@code MariaDbConnector}, as the toolkit runs it: its task configurations print with the password masked
 * (see {@link MaskedTaskConfigs}), and its task delivers nothing read after a failure
 * ({@link FencedMariaDbConnectorTask}). The engine instantiates it by name ({@code connector.class}).
 */
public class ToolkitMariaDbConnector extends MariaDbConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return FencedMariaDbConnectorTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return MaskedTaskConfigs.of(super.taskConfigs(maxTasks));
    }
}
