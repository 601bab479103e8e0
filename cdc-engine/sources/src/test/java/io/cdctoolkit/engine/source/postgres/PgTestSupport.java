package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.testing.PostgresServer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Builds postgres-cdc options and readers against the shared embedded PostgreSQL. */
final class PgTestSupport {

    private PgTestSupport() {
    }

    static Map<String, Object> config(PostgresServer pg, String database) {
        Map<String, Object> raw = new HashMap<>();
        raw.put("host", pg.host());
        raw.put("port", pg.port());
        raw.put("database", database);
        raw.put("user", PostgresServer.SUPERUSER);
        raw.put("ssl_mode", "disable");
        raw.put("poll_interval_ms", 50);
        return raw;
    }

    static Options options(Map<String, Object> raw) throws Exception {
        return Options.of("sources.pg.config", new PostgresSourceFactory().spec().options(), raw);
    }

    static CdcReader reader(Map<String, Object> raw, String name, Path stateDir) throws Exception {
        return new PostgresSourceFactory().create(options(raw), ComponentContext.of(name, stateDir));
    }
}
