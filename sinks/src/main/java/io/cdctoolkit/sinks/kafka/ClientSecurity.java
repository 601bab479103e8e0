package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.Options;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.ENDPOINT_IDENTIFICATION;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.KEYSTORE_LOCATION;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.KEYSTORE_PASSWORD;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.KEYSTORE_TYPE;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.KEY_PASSWORD;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.PASSWORD;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.PROTOCOL;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.SASL_MECHANISM;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.TRUSTSTORE_LOCATION;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.TRUSTSTORE_PASSWORD;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.TRUSTSTORE_TYPE;
import static io.cdctoolkit.sinks.kafka.KafkaSinkOptions.USERNAME;

/**
 * Turns the {@code security} block into Kafka client properties (shared by the producer and the admin
 * client). The SASL password ends up inside {@code sasl.jaas.config}, which Kafka treats as a
 * password and never logs.
 */
public final class ClientSecurity {

    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private ClientSecurity() {
    }

    /**
     * Whether a Kafka client with these settings neither logs in nor speaks TLS: its {@code security.protocol} is
     * PLAINTEXT, Kafka's default when there is none.
     */
    public static boolean plaintext(Map<String, ?> clientProperties) {
        Object protocol = clientProperties.get("security.protocol");
        return protocol == null || "PLAINTEXT".equalsIgnoreCase(protocol.toString().trim());
    }

    /**
     * What to add to "the brokers did not answer" for a client with these properties. Kafka gives a plaintext
     * client on a listener that wants a login or TLS no error, only a timeout (the broker closes the connection
     * and the client retries), so such a client is told where those settings go; empty for any other protocol
     * (one that fails to log in gets an authentication error instead).
     */
    static String plaintextHint(Map<String, Object> clientProperties) {
        return plaintext(clientProperties) ? "if the brokers need a login or TLS, set the sink's security block" : "";
    }

    /**
     * The client properties of a validated {@code security} block.
     *
     * @param problems where inconsistencies go (SASL without credentials, credentials without SASL…)
     */
    static Map<String, Object> properties(Options security, List<ConfigProblem> problems) {
        String path = security.keyPath();
        String protocol = security.string(PROTOCOL);
        boolean sasl = protocol.startsWith("SASL_");
        boolean ssl = protocol.endsWith("SSL");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("security.protocol", protocol);

        Optional<String> user = security.optionalString(USERNAME);
        Optional<String> password = security.optionalString(PASSWORD);
        if (sasl) {
            String mechanism = security.string(SASL_MECHANISM);
            if (user.isEmpty()) {
                problems.add(new ConfigProblem(path + "." + USERNAME, protocol + " needs a user name",
                        "add username: <user>"));
            }
            if (password.isEmpty()) {
                problems.add(new ConfigProblem(path + "." + PASSWORD, protocol + " needs a password",
                        "add password: ${KAFKA_PASSWORD}"));
            }
            props.put("sasl.mechanism", mechanism);
            if (user.isPresent() && password.isPresent()) {
                props.put("sasl.jaas.config", jaasConfig(mechanism, user.get(), password.get()));
            }
        } else if (user.isPresent() || password.isPresent()) {
            problems.add(new ConfigProblem(path + "." + (user.isPresent() ? USERNAME : PASSWORD),
                    "credentials are only used with SASL, but protocol is " + protocol,
                    "set protocol: SASL_SSL (or SASL_PLAINTEXT), or remove the credentials"));
        }

        if (ssl) {
            putIfPresent(props, "ssl.truststore.location", security, TRUSTSTORE_LOCATION);
            putIfPresent(props, "ssl.truststore.password", security, TRUSTSTORE_PASSWORD);
            putIfPresent(props, "ssl.truststore.type", security, TRUSTSTORE_TYPE);
            putIfPresent(props, "ssl.keystore.location", security, KEYSTORE_LOCATION);
            putIfPresent(props, "ssl.keystore.password", security, KEYSTORE_PASSWORD);
            putIfPresent(props, "ssl.keystore.type", security, KEYSTORE_TYPE);
            putIfPresent(props, "ssl.key.password", security, KEY_PASSWORD);
            if (!security.bool(ENDPOINT_IDENTIFICATION)) props.put("ssl.endpoint.identification.algorithm", "");
        } else {
            for (String key : List.of(TRUSTSTORE_LOCATION, KEYSTORE_LOCATION)) {
                if (security.has(key)) {
                    problems.add(new ConfigProblem(path + "." + key,
                            "TLS stores are only used with SSL, but protocol is " + protocol,
                            "set protocol: SSL (or SASL_SSL), or remove " + key));
                }
            }
        }
        return props;
    }

    /** The JAAS line for a SASL user; quotes and backslashes in the values are escaped. */
    static String jaasConfig(String mechanism, String user, String password) {
        String module = mechanism.startsWith("SCRAM-") ? SCRAM_MODULE : PLAIN_MODULE;
        return module + " required username=\"" + escape(user) + "\" password=\"" + escape(password) + "\";";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void putIfPresent(Map<String, Object> props, String kafkaKey, Options options, String name) {
        options.optionalString(name).ifPresent(v -> props.put(kafkaKey, v));
    }
}
