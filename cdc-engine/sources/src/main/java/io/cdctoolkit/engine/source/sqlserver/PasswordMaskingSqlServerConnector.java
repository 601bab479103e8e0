package io.cdctoolkit.engine.source.sqlserver;

import io.cdctoolkit.engine.source.debezium.MaskedTaskConfigs;
import io.debezium.connector.sqlserver.SqlServerConnector;

import java.util.List;
import java.util.Map;

/**
 * Debezium's {@code SqlServerConnector} whose task configurations print with the password masked (see
 * {@link MaskedTaskConfigs}); the engine instantiates it by name ({@code connector.class}).
 */
public class PasswordMaskingSqlServerConnector extends SqlServerConnector {

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return MaskedTaskConfigs.of(super.taskConfigs(maxTasks));
    }
}
