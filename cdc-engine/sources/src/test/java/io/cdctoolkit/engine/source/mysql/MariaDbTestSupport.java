package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.testing.MariaDbServer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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

    /** The hosts a test user is created for: the server sees the tests' connections from either. */
    private static final List<String> USER_HOSTS = List.of("localhost", "127.0.0.1");

    /**
     * Creates (again) a user with password {@code pw} and the given grants ({@code SELECT ON db.t}, …); the test drops
     * it with {@link #dropUser}.
     */
    static void createUser(MariaDbServer server, String user, String... grants) throws Exception {
        for (String host : USER_HOSTS) {
            String account = "'" + user + "'@'" + host + "'";
            server.execute("", "DROP USER IF EXISTS " + account, "CREATE USER " + account + " IDENTIFIED BY 'pw'");
            for (String grant : grants) server.execute("", "GRANT " + grant + " TO " + account);
        }
    }

    static void dropUser(MariaDbServer server, String user) throws Exception {
        for (String host : USER_HOSTS) server.execute("", "DROP USER IF EXISTS '" + user + "'@'" + host + "'");
    }

    static Options options(Map<String, Object> raw) throws Exception {
        return Options.of("sources.maria.config", new MariaDbSourceFactory().spec().options(), raw);
    }

    static CdcReader reader(Map<String, Object> raw, String name, Path stateDir) throws Exception {
        return new MariaDbSourceFactory().create(options(raw), ComponentContext.of(name, stateDir));
    }
}
