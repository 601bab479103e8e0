package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.MaskedTaskConfigs;
import io.debezium.connector.postgresql.PostgresConnector;

import java.util.List;
import java.util.Map;

/**
 * Debezium's {@code PostgresConnector} whose task configurations print with the password masked (see
 * {@link MaskedTaskConfigs}); the engine instantiates it by name ({@code connector.class}).
 */
public class PasswordMaskingPostgresConnector extends PostgresConnector {

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return MaskedTaskConfigs.of(super.taskConfigs(maxTasks));
    }
}
