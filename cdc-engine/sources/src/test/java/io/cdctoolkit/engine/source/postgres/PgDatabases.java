package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The databases a test creates on the shared PostgreSQL server, whose replication slots are dropped
 * after each test: the server has a fixed number of slots for every test of the JVM.
 */
final class PgDatabases implements AfterEachCallback {

    private final List<String> created = new ArrayList<>();

    /** Creates a database (see {@link PostgresServer#createDatabase}) and returns its name. */
    String create(String name) throws Exception {
        String database = PostgresServer.shared().createDatabase(name);
        created.add(database);
        return database;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (String database : created) PgTestSupport.dropSlots(PostgresServer.shared(), database);
        created.clear();
    }
}
