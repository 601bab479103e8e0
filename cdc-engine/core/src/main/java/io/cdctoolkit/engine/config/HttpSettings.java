package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;

import java.util.List;
import java.util.Map;

/**
 * The top-level {@code http} block: where {@code run} serves {@code /metrics}, {@code /health},
 * {@code /ready} and {@code /status}. Absent means no endpoint (the default).
 *
 * @param host                  the address to bind; loopback by default, so nothing is exposed unless asked
 * @param port                  the TCP port; 0 picks a free one (logged at start)
 * @param readyMaxCommitLagMs   {@code /ready} answers 503 once the oldest uncommitted event of a pipeline
 *                              is older than this (a sink that stopped acknowledging, e.g. a broker down)
 */
public record HttpSettings(String host, int port, long readyMaxCommitLagMs) {

    /** The port when {@code http.port} is not given, and the one {@code cdc-toolkit status} asks by default. */
    public static final int DEFAULT_PORT = 9779;

    /** The address bound when {@code http.host} is not given. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The options of the block, for validation, {@code spec} and {@code init}. */
    public static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.integer("port").defaultValue(DEFAULT_PORT).range(0, 65535)
                    .doc("TCP port of /metrics, /health, /ready and /status; 0 picks a free port").build(),
            OptionSpec.string("host").defaultValue(DEFAULT_HOST).notBlank()
                    .doc("Address to bind; 0.0.0.0 for every interface (e.g. in a container)").build(),
            OptionSpec.longValue("ready_max_commit_lag_ms").defaultValue(60_000L).min(1)
                    .doc("/ready answers 503 while a pipeline's oldest uncommitted event is older than this").build());

    /** The settings in {@code raw} (the block's mapping), validated. */
    static HttpSettings of(Map<String, ?> raw) throws ConfigException {
        Options options = Options.of("http", OPTIONS, raw);
        return new HttpSettings(options.string("host"), options.integer("port"),
                options.longValue("ready_max_commit_lag_ms"));
    }
}
