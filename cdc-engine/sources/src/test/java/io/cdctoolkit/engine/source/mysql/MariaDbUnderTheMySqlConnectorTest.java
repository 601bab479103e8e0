package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code mysql-cdc} pointed at a MariaDB server (the machine's real one): {@code check} fails its
 * {@code server_version} item naming {@code mariadb-cdc}, and a start stops with the same words before Debezium's MySQL
 * connector runs (it used to fail inside Debezium's snapshot with "Multiple parsing errors"). {@code mariadb-cdc} on
 * the same server passes.
 */
class MariaDbUnderTheMySqlConnectorTest {

    @TempDir
    Path state;

    @Test
    void theMySqlConnectorOnAMariaDbServerIsRefusedNamingTheMariaDbConnector() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_as_mysql");
        try {
            maria.execute(db, "CREATE TABLE t (id int PRIMARY KEY)");
            Map<String, Object> config = MariaDbTestSupport.config(maria, db);
            MySqlSourceFactory mysql = new MySqlSourceFactory();
            Options options = Options.of("sources.maria.config", mysql.spec().options(), config);

            PrerequisiteCheck version = mysql.check(options, ComponentContext.of("maria", state))
                    .item("server_version").orElseThrow();
            assertThat(version.outcome()).isEqualTo(PrerequisiteCheck.Outcome.FAIL);
            assertThat(version.message()).startsWith("the server is MariaDB ").contains("not MySQL");
            assertThat(version.fix()).isEqualTo("set connector: mariadb-cdc");

            // What check and topics ask for a table's schemas stops the same way, before Debezium's connector runs.
            assertThatThrownBy(() -> mysql.tableSchemas(options, ComponentContext.of("maria", state),
                    new io.cdctoolkit.engine.data.TableId(db, null, "t")))
                    .isInstanceOf(FatalException.class).hasMessageContaining("set connector: mariadb-cdc");
            try (CdcReader reader = mysql.create(options, ComponentContext.of("maria", state))) {
                assertThatThrownBy(reader::start).isInstanceOf(FatalException.class)
                        .hasMessageContaining("the server is MariaDB").hasMessageContaining("set connector: mariadb-cdc");
            }

            PrerequisiteCheck right = new MariaDbSourceFactory().check(MariaDbTestSupport.options(config),
                    ComponentContext.of("maria", state)).item("server_version").orElseThrow();
            assertThat(right.outcome()).isEqualTo(PrerequisiteCheck.Outcome.PASS);
            assertThat(right.message()).startsWith("MariaDB ");
        } finally {
            maria.execute("mysql", "DROP DATABASE " + db);
        }
    }
}
