package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteCheck.Outcome;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MariaDbInspectorTest {

    private final MariaDbSourceFactory factory = new MariaDbSourceFactory();

    @TempDir
    Path state;

    @Test
    void discoverListsTheDatabasesTablesWithColumnsTypesAndKeys() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_discover");
        maria.execute(db, "CREATE TABLE users (id int PRIMARY KEY, email varchar(100) NOT NULL, score decimal(10,2))",
                "CREATE TABLE order_lines (order_id int, line int, sku text, PRIMARY KEY (order_id, line))",
                "CREATE TABLE audit (at datetime, what text)");
        Map<String, Object> config = MariaDbTestSupport.config(maria, db);
        List<DiscoveredTable> tables = factory.discover(MariaDbTestSupport.options(config), context());

        assertThat(tables).extracting(t -> t.id().toString())
                .containsExactly("maria_discover.audit", "maria_discover.order_lines", "maria_discover.users");
        DiscoveredTable users = tables.get(2);
        assertThat(users.primaryKey()).containsExactly("id");
        assertThat(users.columns()).containsExactly(
                new DiscoveredTable.Column("id", "int(11)", false),
                new DiscoveredTable.Column("email", "varchar(100)", false),
                new DiscoveredTable.Column("score", "decimal(10,2)", true));
        assertThat(tables.get(1).primaryKey()).containsExactly("order_id", "line");
        assertThat(tables.get(0).primaryKey()).isEmpty();

        config.put("include_tables", List.of("users"));
        assertThat(factory.discover(MariaDbTestSupport.options(config), context()))
                .extracting(t -> t.id().table()).containsExactly("users");
    }

    /**
     * Where a column's value comes from when a row does not give it, as MariaDB spells it in SHOW CREATE TABLE: a
     * DEFAULT (string literals quoted), the auto-increment, a generated column's expression; a nullable column without
     * a default (MariaDB's information_schema says {@code NULL}) has none.
     */
    @Test
    void discoverGivesEachColumnsDefault() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_discover_defaults");
        maria.execute(db, "CREATE TABLE orders (id int AUTO_INCREMENT PRIMARY KEY, status varchar(10) NOT NULL DEFAULT"
                + " 'new', word varchar(10) DEFAULT 'NULL', qty int DEFAULT 0, created timestamp NULL DEFAULT"
                + " current_timestamp(), total int AS (qty * 2) STORED, half int AS (qty / 2) VIRTUAL, note text)");
        Map<String, Object> config = MariaDbTestSupport.config(maria, db);
        List<DiscoveredTable> tables = factory.discover(MariaDbTestSupport.options(config), context());

        assertThat(tables.get(0).columns())
                .extracting(DiscoveredTable.Column::name, DiscoveredTable.Column::defaultValue)
                .containsExactly(tuple("id", "AUTO_INCREMENT"),
                        tuple("status", "'new'"),
                        tuple("word", "'NULL'"),
                        tuple("qty", "0"),
                        tuple("created", "current_timestamp()"),
                        tuple("total", "GENERATED ALWAYS AS (`qty` * 2) STORED"),
                        tuple("half", "GENERATED ALWAYS AS (`qty` / 2) VIRTUAL"),
                        tuple("note", null));
    }

    @Test
    void checkPassesOnTheCiServer() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_check");
        maria.execute(db, "CREATE TABLE t (id int PRIMARY KEY)");
        PrerequisiteReport report = factory.check(MariaDbTestSupport.options(MariaDbTestSupport.config(maria, db)), context());

        assertThat(report.failures()).isEmpty();
        assertThat(item(report, "binlog_format").message()).isEqualTo("binlog_format is ROW");
        assertThat(item(report, "binlog_row_image").outcome()).isEqualTo(Outcome.PASS);
        assertThat(item(report, "log_bin").outcome()).isEqualTo(Outcome.PASS);
        assertThat(item(report, "grants").outcome()).isEqualTo(Outcome.PASS);
        // MariaDB's default sql_mode allows zero dates, which Debezium turns into null or 1970-01-01.
        assertThat(item(report, "zero_dates").outcome()).isEqualTo(Outcome.WARN);
        assertThat(item(report, "zero_dates").fix()).contains("NO_ZERO_DATE,NO_ZERO_IN_DATE");
        assertThat(report.item("topic_routing")).as("no topic_routing, nothing to say").isEmpty();
        assertThat(report.item("debezium")).as("no debezium block, nothing to say").isEmpty();

        // PostgreSQL's name for the SSL mode, which MariaDB's connector calls database.ssl.mode: ignored by Debezium
        Map<String, Object> config = MariaDbTestSupport.config(maria, db);
        config.put("debezium", Map.of("database.sslmode", "disabled", "database.ssl.mode", "disabled"));
        PrerequisiteCheck misspelt = item(factory.check(MariaDbTestSupport.options(config), context()), "debezium");
        assertThat(misspelt.outcome()).isEqualTo(Outcome.WARN);
        assertThat(misspelt.message()).isEqualTo("debezium.database.sslmode (did you mean database.ssl.mode?) is no"
                + " property MariaDbConnector or Debezium's engine knows: Debezium ignores it without a word");
    }

    /** The topic resolver makes a missing part {@code _unknown_}, and no binlog table has a schema. */
    @Test
    void checkWarnsOfSchemaInTopicRouting() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_routing");
        maria.execute(db, "CREATE TABLE t (id int PRIMARY KEY)");
        Map<String, Object> config = MariaDbTestSupport.config(maria, db);
        config.put("topic_routing", "cdc.{schema}.{table}");
        PrerequisiteCheck routing = item(factory.check(MariaDbTestSupport.options(config), context()), "topic_routing");

        assertThat(routing.outcome()).isEqualTo(Outcome.WARN);
        assertThat(routing.message()).isEqualTo("topic_routing cdc.{schema}.{table} uses {schema}, which MariaDB tables"
                + " do not have: it is _unknown_ in every topic (cdc._unknown_.{table})");
        assertThat(routing.fix()).contains("{database}");
        config.put("topic_routing", "cdc.{database}.{table}");
        assertThat(factory.check(MariaDbTestSupport.options(config), context()).item("topic_routing")).isEmpty();
    }

    @Test
    void zeroDatesPassOnlyWhenSqlModeRefusesBoth() {
        assertThat(BinlogChecks.zeroDates("STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE").outcome()).isEqualTo(Outcome.PASS);
        assertThat(BinlogChecks.zeroDates("TRADITIONAL").outcome()).isEqualTo(Outcome.PASS);
        assertThat(BinlogChecks.zeroDates("STRICT_TRANS_TABLES,NO_ZERO_DATE").outcome()).isEqualTo(Outcome.WARN);
        assertThat(BinlogChecks.zeroDates("").outcome()).isEqualTo(Outcome.WARN);
    }

    @Test
    void checkNamesMissingGrantsWithTheGrantStatement() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_grants");
        MariaDbTestSupport.createUser(maria, "cdc_limited", "SELECT ON " + db + ".*");
        Map<String, Object> config = MariaDbTestSupport.config(maria, db);
        config.put("user", "cdc_limited");
        config.put("password", "pw");
        PrerequisiteCheck grants = item(factory.check(MariaDbTestSupport.options(config), context()), "grants");

        assertThat(grants.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(grants.message()).endsWith("lacks RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT");
        assertThat(grants.fix()).startsWith("GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT "
                + "ON *.* TO 'cdc_limited'@'");
    }

    /**
     * An include_tables entry that matches no table the user is shown — misspelt, or (MariaDB lists only the tables a
     * user has a privilege on) a table it may not read: check warns, and its fix says both.
     */
    @Test
    void checkWarnsOfIncludeTablesEntriesThatMatchNoTableTheUserIsShown() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_includes");
        maria.execute(db, "CREATE TABLE orders (id int PRIMARY KEY)", "CREATE TABLE hidden (id int PRIMARY KEY)");
        try {
            MariaDbTestSupport.createUser(maria, "cdc_includes", "SELECT ON " + db + ".orders");
            Map<String, Object> config = MariaDbTestSupport.config(maria, db);
            config.put("include_tables", List.of("ordrs", "orders", "hidden"));
            PrerequisiteCheck asOwner = item(factory.check(MariaDbTestSupport.options(config), context()),
                    "include_tables");
            config.put("user", "cdc_includes");
            config.put("password", "pw");
            PrerequisiteCheck limited = item(factory.check(MariaDbTestSupport.options(config), context()),
                    "include_tables");

            assertThat(asOwner.outcome()).isEqualTo(Outcome.WARN);
            assertThat(asOwner.message()).startsWith("include_tables entry " + db + ".ordrs (did you mean " + db
                    + ".orders?) matches no table the database shows ");
            assertThat(limited.message()).isEqualTo("include_tables entries " + db + ".ordrs (did you mean " + db
                    + ".orders?), " + db + ".hidden match no table the database shows cdc_includes: nothing is captured"
                    + " from them");
            assertThat(limited.fix()).isEqualTo("correct the name, or create the table before the source starts;"
                    + " MariaDB shows a user only the tables it has a privilege on: grant it SELECT on the table");
        } finally {
            MariaDbTestSupport.dropUser(maria, "cdc_includes");
        }
    }

    @Test
    void wrongPasswordIsAConnectivityFailureThatNeverShowsThePassword() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        Map<String, Object> config = MariaDbTestSupport.config(maria, "mysql");
        config.put("password", "not-the-password-42");
        assertThatThrownBy(() -> factory.check(MariaDbTestSupport.options(config), context()))
                .isInstanceOf(ConnectivityException.class)
                .hasMessageContaining("MariaDB at " + maria.host())
                .hasMessageNotContaining("not-the-password-42");
    }

    private ComponentContext context() {
        return ComponentContext.of("check", state);
    }

    private static PrerequisiteCheck item(PrerequisiteReport report, String name) {
        return report.item(name).orElseThrow(() -> new AssertionError("no check item " + name + " in " + report));
    }
}
