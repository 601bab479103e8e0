package io.cdctoolkit.engine.source.sqlserver;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.testing.ContainerServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.mssqlserver.MSSQLServerContainer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** sqlserver-cdc against a real SQL Server 2022 with Agent, where Testcontainers finds a Docker engine. */
class SqlServerContainerTest {

    @TempDir
    Path state;

    @Test
    void checkFlagsCdcThenCaptureWorksOnceEnabled() throws Exception {
        assumeTrue(ContainerServers.dockerAvailable(), ContainerServers.NO_DOCKER);
        SqlServerSourceFactory factory = new SqlServerSourceFactory();
        try (MSSQLServerContainer server = ContainerServers.sqlServer()) {
            execute(server, "master", "CREATE DATABASE app");
            execute(server, "app", "CREATE TABLE dbo.customers (id int PRIMARY KEY, name nvarchar(50))",
                    "INSERT INTO dbo.customers VALUES (1, N'ada')");
            Options options = Options.of("sources.mssql.config", factory.spec().options(), Map.of(
                    "host", server.getHost(), "port", server.getMappedPort(1433), "database", "app",
                    "username", server.getUsername(), "password", server.getPassword(),
                    "encrypt", false, "trust_server_certificate", true, "poll_interval_ms", 200));
            ComponentContext context = ComponentContext.of("mssql", state);
            assertThat(factory.check(options, context).failures()).extracting(PrerequisiteCheck::name)
                    .contains("cdc_database", "cdc_table dbo.customers");

            execute(server, "app", "EXEC sys.sp_cdc_enable_db",
                    "EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'customers', "
                            + "@role_name = NULL, @supports_net_changes = 0");
            assertThat(factory.check(options, context).failures()).isEmpty();

            try (CdcReader reader = factory.create(options, context)) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                harness.pollAtLeast(1, Duration.ofMinutes(2));
                execute(server, "app", "UPDATE dbo.customers SET name = N'ada l' WHERE id = 1");
                List<ChangeEvent> events = harness.pollAtLeast(2, Duration.ofMinutes(2));
                assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.READ, Op.UPDATE);
                assertThat(events.get(1).topic()).isEqualTo("app.dbo.customers");
                assertThat(Envelope.before(events.get(1).value()).get("name")).isEqualTo("ada");
            }
        }
    }

    private static void execute(MSSQLServerContainer server, String database, String... sql) throws Exception {
        String url = "jdbc:sqlserver://" + server.getHost() + ":" + server.getMappedPort(1433)
                + ";databaseName=" + database + ";encrypt=false;trustServerCertificate=true";
        try (Connection c = DriverManager.getConnection(url, server.getUsername(), server.getPassword());
             Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }
}
