package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MariaDB's INET6 (and INET4) columns, which Debezium's DDL parser (3.5) cannot parse. Debezium reads the DDL of every
 * table on the server, so such a column in a table the source does not capture stops it too: {@code check} names the
 * column, the start fails naming the statement the parser refused (it used to say only "An exception occurred in the
 * change event producer"), and with the column in another type the source starts. The database is dropped after the
 * test: its table would stop every later MariaDB test's reader on the same server.
 */
class MariaDbUnparseableDdlTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void anInet6ColumnOnTheServerIsNamedByCheckAndStopsTheStartWithTheParsersReason() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_inet6");
        try {
            maria.execute(db, "CREATE TABLE ok (id int PRIMARY KEY, v varchar(10))",
                    "CREATE TABLE addr (id int PRIMARY KEY, ip INET6)", "INSERT INTO ok VALUES (1, 'a')");
            Map<String, Object> config = MariaDbTestSupport.config(maria, db);
            config.put("include_tables", List.of("ok")); // addr is not captured: it stops the reader all the same
            MariaDbSourceFactory factory = new MariaDbSourceFactory();

            PrerequisiteCheck parser = item(factory.check(MariaDbTestSupport.options(config),
                    ComponentContext.of("inet", state)), "ddl_parser");
            assertThat(parser.outcome()).isEqualTo(PrerequisiteCheck.Outcome.FAIL);
            assertThat(parser.message()).contains(db + ".addr.ip (INET6)");
            try (CdcReader reader = MariaDbTestSupport.reader(config, "inet", state.resolve("first"))) {
                assertThatThrownBy(() -> {
                    reader.start();
                    new ReaderHarness(reader).pollAtLeast(1, TIMEOUT);
                }).isInstanceOf(FatalException.class)
                        .hasMessageContaining("DDL statement couldn't be parsed")
                        .hasMessageContaining("`ip` inet6");
            }

            maria.execute(db, "ALTER TABLE addr MODIFY ip varchar(39)");
            assertThat(item(factory.check(MariaDbTestSupport.options(config), ComponentContext.of("inet", state)),
                    "ddl_parser").outcome()).isEqualTo(PrerequisiteCheck.Outcome.PASS);
            try (CdcReader reader = MariaDbTestSupport.reader(config, "inet", state.resolve("second"))) {
                reader.start();
                List<ChangeEvent> events = new ReaderHarness(reader).pollAtLeast(1, TIMEOUT);
                assertThat(events).extracting(e -> e.table().table()).containsExactly("ok");
            }
        } finally {
            maria.execute("mysql", "DROP DATABASE " + db);
        }
    }

    private static PrerequisiteCheck item(PrerequisiteReport report, String name) {
        return report.item(name).orElseThrow(() -> new AssertionError("no check item " + name + " in " + report));
    }
}
