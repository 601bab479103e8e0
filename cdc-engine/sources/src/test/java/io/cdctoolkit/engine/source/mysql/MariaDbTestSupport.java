package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.testing.MariaDbServer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** mariadb-cdc options and readers against the CI's MariaDB (skips when there is none). */
final class MariaDbTestSupport {

    private MariaDbTestSupport() {
    }

    static MariaDbServer server() {
        var server = MariaDbServer.fromEnvironment();
        assumeTrue(server.isPresent(), MariaDbServer.UNAVAILABLE);
        return server.get();
    }

    static Map<String, Object> config(MariaDbServer server, String database) {
        Map<String, Object> raw = new HashMap<>();
        raw.put("host", server.host());
        raw.put("port", server.port());
        raw.put("database", database);
        raw.put("user", server.user());
        raw.put("password", server.password());
        raw.put("poll_interval_ms", 50);
        return raw;
    }

    static Options options(Map<String, Object> raw) throws Exception {
        return Options.of("sources.maria.config", new MariaDbSourceFactory().spec().options(), raw);
    }

    static CdcReader reader(Map<String, Object> raw, String name, Path stateDir) throws Exception {
        return new MariaDbSourceFactory().create(options(raw), ComponentContext.of(name, stateDir));
    }
}
