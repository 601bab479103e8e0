package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.debezium.MaskedTaskConfigs;
import io.debezium.connector.mariadb.MariaDbConnector;

import java.util.List;
import java.util.Map;

/**
 * Debezium's {@code MariaDbConnector} whose task configurations print with the password masked (see
 * {@link MaskedTaskConfigs}); the engine instantiates it by name ({@code connector.class}).
 */
public class PasswordMaskingMariaDbConnector extends MariaDbConnector {

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return MaskedTaskConfigs.of(super.taskConfigs(maxTasks));
    }
}
