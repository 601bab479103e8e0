package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.testing.ContainerServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.mysql.MySQLContainer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** mysql-cdc against a real MySQL 8.4, where Testcontainers finds a Docker engine. */
class MySqlContainerTest {

    @TempDir
    Path state;

    @Test
    void checkPassesAndSnapshotPlusChangesArrive() throws Exception {
        assumeTrue(ContainerServers.dockerAvailable(), ContainerServers.NO_DOCKER);
        MySqlSourceFactory factory = new MySqlSourceFactory();
        try (MySQLContainer mysql = ContainerServers.mysql()) {
            execute(mysql, "CREATE TABLE customers (id int PRIMARY KEY, name varchar(50), doc json)",
                    "INSERT INTO customers VALUES (1, 'ada', '{\"a\": 1}')");
            Options options = Options.of("sources.my.config", factory.spec().options(), Map.of(
                    "host", mysql.getHost(), "port", mysql.getMappedPort(3306), "database", "app",
                    "user", "root", "password", "test"));
            ComponentContext context = ComponentContext.of("my", state);
            assertThat(factory.check(options, context).failures()).isEmpty();
            assertThat(factory.discover(options, context)).extracting(t -> t.id().toString()).containsExactly("app.customers");

            try (CdcReader reader = factory.create(options, context)) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                harness.pollAtLeast(1, Duration.ofMinutes(2));
                execute(mysql, "UPDATE customers SET name = 'ada l' WHERE id = 1", "DELETE FROM customers WHERE id = 1");
                List<ChangeEvent> events = harness.pollAtLeast(3, Duration.ofMinutes(2));
                assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.READ, Op.UPDATE, Op.DELETE);
                assertThat(Envelope.before(events.get(1).value()).get("name")).isEqualTo("ada");
                assertThat(Envelope.after(events.get(0).value()).get("doc")).isEqualTo("{\"a\": 1}");
            }
        }
    }

    private static void execute(MySQLContainer mysql, String... sql) throws Exception {
        try (Connection c = DriverManager.getConnection(mysql.getJdbcUrl(), "root", "test"); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }
}
