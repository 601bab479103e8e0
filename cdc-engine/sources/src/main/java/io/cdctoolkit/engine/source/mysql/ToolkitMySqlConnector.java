package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.debezium.MaskedTaskConfigs;
import io.debezium.connector.mysql.MySqlConnector;
import org.apache.kafka.connect.connector.Task;

import java.util.List;
import java.util.Map;

/**
 * Debezium's {@code MySqlConnector}, as the toolkit runs it: its task configurations print with the password masked
 * (see {@link MaskedTaskConfigs}), and its task delivers nothing read after a failure
 * ({@link FencedMySqlConnectorTask}). The engine instantiates it by name ({@code connector.class}).
 */
public class ToolkitMySqlConnector extends MySqlConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return FencedMySqlConnectorTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return MaskedTaskConfigs.of(super.taskConfigs(maxTasks));
    }
}
