package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * The name prefix of a table's record schemas ({@code <prefix>.Key}, {@code .Value}, {@code .Envelope}) as the
 * Debezium engine gives it, so that both engines name them alike: Debezium derives it from the table's topic
 * name, {@code <topic prefix>.<schema>.<table>} with every character a Kafka topic name cannot hold replaced
 * by {@code _} and cut to 249 characters ({@code DefaultTopicNamingStrategy}, Debezium 3.5's
 * {@code AbstractTopicNamingStrategy.sanitizedTopicName}). Written here because that class needs a whole
 * connector configuration to exist; the rule is small and pinned by the parity suite
 * ({@code identifiersThatNeedQuoting}).
 */
final class RecordSchemaNames {

    /** Kafka's longest topic name, Debezium's {@code TopicNamingStrategy.MAX_NAME_LENGTH}. */
    private static final int MAX_LENGTH = 249;

    private RecordSchemaNames() {
    }

    /** The record schemas' name prefix for {@code schema.table} under {@code topicPrefix}. */
    static String prefix(String topicPrefix, String schema, String table) {
        String name = topicPrefix + "." + schema + "." + table;
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(valid(c) ? c : '_');
        }
        return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) : out.toString();
    }

    private static boolean valid(char c) {
        return c == '.' || c == '_' || c == '-' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
