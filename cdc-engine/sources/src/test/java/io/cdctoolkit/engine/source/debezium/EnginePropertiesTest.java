package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.source.mysql.MariaDbSourceFactory;
import io.cdctoolkit.engine.source.mysql.MySqlSourceFactory;
import io.cdctoolkit.engine.source.postgres.PostgresSourceFactory;
import io.cdctoolkit.engine.source.sqlserver.SqlServerSourceFactory;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Options → Debezium properties for each connector, and the pass-through precedence. */
class EnginePropertiesTest {

    @TempDir
    Path state;

    private Map<String, String> properties(DebeziumSourceFactory factory, Map<String, Object> extra) throws Exception {
        Map<String, Object> raw = new HashMap<>(Map.of("host", "db.internal", "database", "app", "user", "cdc",
                "password", "s3cret"));
        raw.putAll(extra);
        Options options = Options.of("sources.src.config", factory.spec().options(), raw);
        return factory.engineProperties(options, ComponentContext.of("src", state));
    }

    @Test
    void heartbeatsAreOnByDefaultForPostgresOnlyAndCanBeTurnedOff() throws Exception {
        assertThat(properties(new PostgresSourceFactory(), Map.of()))
                .containsEntry("heartbeat.action.query",
                        "SELECT pg_logical_emit_message(false, 'cdc-toolkit-heartbeat', '')");
        assertThat(properties(new PostgresSourceFactory(), Map.of("heartbeat_message", false)))
                .containsEntry("heartbeat.interval.ms", "10000").doesNotContainKey("heartbeat.action.query");
        assertThat(properties(new PostgresSourceFactory(), Map.of("heartbeat_interval_ms", 0L)))
                .containsEntry("heartbeat.interval.ms", "0").doesNotContainKey("heartbeat.action.query");
        assertThat(properties(new MySqlSourceFactory(), Map.of())).containsEntry("heartbeat.interval.ms", "0");
        // A negative interval is not a way of saying "off": it is refused where it is written.
        List<ConfigProblem> negative = io.cdctoolkit.engine.spi.OptionValidator.validate("sources.src.config",
                new PostgresSourceFactory().spec().options(), Map.of("host", "db", "database", "app", "user", "cdc",
                        "heartbeat_interval_ms", -1));
        assertThat(negative).singleElement().satisfies(p -> {
            assertThat(p.keyPath()).isEqualTo("sources.src.config.heartbeat_interval_ms");
            assertThat(p.message()).contains("at least 0");
        });
    }

    @Test
    void postgresMapsConnectionSlotPublicationTablesAndSafeDefaults() throws Exception {
        Map<String, String> p = properties(new PostgresSourceFactory(), Map.of("slot_name", "cdc_slot",
                "publication", "cdc_pub", "snapshot_mode", "never", "include_tables", List.of("users", "sales.*")));
        assertThat(p).containsEntry("connector.class", "io.cdctoolkit.engine.source.postgres.PasswordMaskingPostgresConnector")
                .containsEntry("database.hostname", "db.internal").containsEntry("database.port", "5432")
                .containsEntry("database.dbname", "app").containsEntry("database.user", "cdc")
                .containsEntry("database.password", "s3cret").containsEntry("plugin.name", "pgoutput")
                .containsEntry("slot.name", "cdc_slot").containsEntry("publication.name", "cdc_pub")
                .containsEntry("publication.autocreate.mode", "filtered").containsEntry("slot.drop.on.stop", "false")
                .containsEntry("snapshot.mode", "no_data").containsEntry("decimal.handling.mode", "precise")
                .containsEntry("time.precision.mode", "adaptive_time_microseconds")
                .containsEntry("tombstones.on.delete", "false").containsEntry("offset.flush.interval.ms", "1000").containsEntry("poll.interval.ms", "10")
                .containsEntry("errors.max.retries", "10")
                .containsEntry("offset.storage", AtomicFileOffsetBackingStore.class.getName())
                .containsEntry("offset.storage.file.filename", state.resolve("offsets.dat").toString())
                .containsEntry("name", "src").containsEntry("topic.prefix", "src")
                .containsEntry("heartbeat.interval.ms", "10000") // an idle captured table must not retain WAL
                .doesNotContainKey("schema.history.internal");
        String includes = p.get("table.include.list");
        assertThat(Pattern.matches(includes.split(",")[0], "public.users")).isTrue();
        assertThat(Pattern.matches(includes.split(",")[0], "publicXusers")).isFalse();
        assertThat(Pattern.matches(includes.split(",")[1], "sales.orders")).isTrue();
    }

    @Test
    void postgresDefaultsSlotAndPublicationFromTheSourceName() throws Exception {
        Map<String, String> p = properties(new PostgresSourceFactory(), Map.of());
        assertThat(p).containsEntry("slot.name", "cdc_toolkit_src").containsEntry("publication.name", "cdc_toolkit_src");
    }

    @Test
    void aServerIdOutsideAReplicasRangeIsRefusedWhereItIsWritten() {
        for (long id : new long[] {0, -3, 4_294_967_296L}) {
            List<ConfigProblem> problems = io.cdctoolkit.engine.spi.OptionValidator.validate("sources.src.config",
                    new MariaDbSourceFactory().spec().options(), Map.of("host", "db", "database", "app", "user", "cdc",
                            "server_id", id));
            assertThat(problems).as("server_id %d", id).singleElement()
                    .satisfies(p -> assertThat(p.keyPath()).isEqualTo("sources.src.config.server_id"));
        }
        assertThat(io.cdctoolkit.engine.spi.OptionValidator.validate("sources.src.config",
                new MySqlSourceFactory().spec().options(), Map.of("host", "db", "database", "app", "user", "cdc",
                        "server_id", 4_294_967_295L))).isEmpty();
    }

    @Test
    void mariaDbAndMySqlMapServerIdDatabaseAndAFileSchemaHistory() throws Exception {
        Map<String, String> maria = properties(new MariaDbSourceFactory(), Map.of("server_id", 5501, "include_tables", List.of("orders")));
        assertThat(maria).containsEntry("connector.class", "io.cdctoolkit.engine.source.mysql.ToolkitMariaDbConnector")
                .containsEntry("database.port", "3306").containsEntry("database.server.id", "5501")
                .containsEntry("bigint.unsigned.handling.mode", "precise").containsEntry("include.schema.changes", "false")
                .containsEntry("database.ssl.mode", "disable")
                .containsEntry("schema.history.internal", "io.debezium.storage.file.history.FileSchemaHistory")
                .containsEntry("schema.history.internal.file.filename", state.resolve("schema-history.dat").toString());
        assertThat(Pattern.matches(maria.get("table.include.list"), "app.orders")).isTrue();

        Map<String, String> mysql = properties(new MySqlSourceFactory(), Map.of());
        assertThat(mysql).containsEntry("connector.class", "io.cdctoolkit.engine.source.mysql.ToolkitMySqlConnector")
                .containsEntry("database.ssl.mode", "preferred").doesNotContainKey("table.include.list");
        assertThat(Pattern.matches(mysql.get("database.include.list"), "app")).isTrue();
        assertThat(Long.parseLong(mysql.get("database.server.id"))).isBetween(184_000L, 284_000L);
    }

    /**
     * Binlog sources take backfills as signals through Debezium's in-process channel and learn where they end from its
     * sink notifications: both are enabled beside Debezium's defaults, and kept when the debezium: block names channels
     * of its own. Sources that take none leave Debezium's.
     */
    @Test
    void binlogSourcesKeepTheChannelsBackfillsAreSentThroughAndEndedBy() throws Exception {
        assertThat(properties(new MariaDbSourceFactory(), Map.of()))
                .containsEntry("signal.enabled.channels", "source,in-process").containsEntry("signal.poll.interval.ms", "1000")
                .containsEntry("notification.enabled.channels", "sink")
                .containsEntry("notification.sink.topic.name", "cdc-toolkit.notifications");
        assertThat(properties(new MySqlSourceFactory(), Map.of("debezium", Map.of("signal.enabled.channels", "kafka",
                "notification.enabled.channels", "log,jmx", "notification.sink.topic.name", "mine"))))
                .containsEntry("signal.enabled.channels", "kafka,in-process")
                .containsEntry("notification.enabled.channels", "log,jmx,sink")
                .containsEntry("notification.sink.topic.name", "mine");
        assertThat(properties(new MariaDbSourceFactory(), Map.of("debezium",
                Map.of("signal.enabled.channels", "in-process, source", "notification.enabled.channels", "sink, log"))))
                .containsEntry("signal.enabled.channels", "in-process, source")
                .containsEntry("notification.enabled.channels", "sink, log");
        assertThat(properties(new SqlServerSourceFactory(), Map.of())).doesNotContainKeys("signal.enabled.channels",
                "notification.enabled.channels");
    }

    @Test
    void sqlServerMapsDatabaseNamesEncryptionAndPollInterval() throws Exception {
        Map<String, String> p = properties(new SqlServerSourceFactory(), Map.of("encrypt", false,
                "trust_server_certificate", true, "poll_interval_ms", 250, "include_tables", List.of("users", "sales.orders")));
        assertThat(p).containsEntry("connector.class", "io.cdctoolkit.engine.source.sqlserver.PasswordMaskingSqlServerConnector")
                .containsEntry("database.port", "1433").containsEntry("database.names", "app")
                .containsEntry("database.encrypt", "false").containsEntry("database.trustServerCertificate", "true")
                .containsEntry("poll.interval.ms", "250")
                .containsEntry("schema.history.internal", "io.debezium.storage.file.history.FileSchemaHistory");
        String[] includes = p.get("table.include.list").split(",");
        assertThat(Pattern.matches(includes[0], "dbo.users")).isTrue();
        assertThat(Pattern.matches(includes[1], "sales.orders")).isTrue();
    }

    @Test
    void debeziumBlockPassesAnyPropertyThroughAndWins() throws Exception {
        Map<String, String> p = properties(new PostgresSourceFactory(), Map.of("debezium", Map.of(
                "snapshot.fetch.size", 1024, "decimal.handling.mode", "string",
                "column", Map.of("exclude", Map.of("list", "public.users.ssn")))));
        assertThat(p).containsEntry("snapshot.fetch.size", "1024").containsEntry("decimal.handling.mode", "string")
                .containsEntry("column.exclude.list", "public.users.ssn");
    }

    @Test
    void postgresConvertersFollowTheDecimalAndTimeModesAndComeAfterTheUsersConverters() throws Exception {
        String type = "io.cdctoolkit.engine.source.postgres.PostgresNumericConverter";
        String timeType = "io.cdctoolkit.engine.source.postgres.PostgresTimeArrayConverter";
        String arrayType = "io.cdctoolkit.engine.source.postgres.PostgresArrayConverter";
        assertThat(properties(new PostgresSourceFactory(), Map.of()))
                .containsEntry("converters", "cdctoolkit_numeric,cdctoolkit_time_array,cdctoolkit_array,cdctoolkit_timestamp,"
                        + "cdctoolkit_enum")
                .containsEntry("cdctoolkit_timestamp.type", "io.cdctoolkit.engine.source.postgres.PostgresTimestampConverter")
                .containsEntry("cdctoolkit_enum.type", "io.cdctoolkit.engine.source.postgres.PostgresEnumConverter")
                .containsEntry("cdctoolkit_numeric.type", type).containsEntry("cdctoolkit_time_array.type", timeType)
                .containsEntry("cdctoolkit_array.type", arrayType)
                .containsEntry("cdctoolkit_array.dates_and_timestamps", "true");
        assertThat(properties(new PostgresSourceFactory(), Map.of("debezium", Map.of("converters", "mine",
                "mine", Map.of("type", "com.example.Mine")))))
                .containsEntry("converters", "mine,cdctoolkit_numeric,cdctoolkit_time_array,cdctoolkit_array,cdctoolkit_timestamp,"
                        + "cdctoolkit_enum")
                .containsEntry("mine.type", "com.example.Mine");
        // decimal.handling.mode string or double already carries NaN in its own way: left to Debezium.
        assertThat(properties(new PostgresSourceFactory(), Map.of("debezium", Map.of("decimal.handling.mode", "string"))))
                .containsEntry("converters", "cdctoolkit_time_array,cdctoolkit_array,cdctoolkit_timestamp,cdctoolkit_enum")
                .doesNotContainKey("cdctoolkit_numeric.type");
        // Times as ISO strings or milliseconds are the user's choice: time[], date[] and timestamp[] left to Debezium.
        assertThat(properties(new PostgresSourceFactory(), Map.of("debezium", Map.of("time.precision.mode", "isostring"))))
                .containsEntry("converters", "cdctoolkit_numeric,cdctoolkit_array,cdctoolkit_enum")
                .doesNotContainKey("cdctoolkit_time_array.type").doesNotContainKey("cdctoolkit_timestamp.type")
                .containsEntry("cdctoolkit_array.dates_and_timestamps", "false");
        assertThat(properties(new MySqlSourceFactory(), Map.of())).doesNotContainKey("converters");
    }

    @Test
    void postgresSnapshotsReadEachTablesOwnRowsUnlessChangesComeUnderThePartitionedTable() throws Exception {
        assertThat(properties(new PostgresSourceFactory(), Map.of()))
                .containsEntry("snapshot.query.mode", "custom")
                .containsEntry("snapshot.query.mode.custom.name", "cdctoolkit_own_rows");
        assertThat(properties(new PostgresSourceFactory(), Map.of("debezium", Map.of("publish.via.partition.root", true))))
                .doesNotContainKey("snapshot.query.mode").doesNotContainKey("snapshot.query.mode.custom.name");
        assertThat(properties(new PostgresSourceFactory(), Map.of("debezium", Map.of("snapshot.query.mode", "select_all"))))
                .containsEntry("snapshot.query.mode", "select_all").doesNotContainKey("snapshot.query.mode.custom.name");
        assertThat(properties(new MySqlSourceFactory(), Map.of())).doesNotContainKey("snapshot.query.mode");
    }

    @Test
    void droppingTheSlotOnStopIsRefused() {
        assertThatThrownBy(() -> properties(new PostgresSourceFactory(), Map.of("debezium", Map.of("slot.drop.on.stop", true))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::keyPath)
                        .containsExactly("sources.src.config.debezium.slot.drop.on.stop"));
    }

    @Test
    void kafkaOffsetStorageNeedsBrokersAndUsesTopics() throws Exception {
        assertThatThrownBy(() -> properties(new MariaDbSourceFactory(), Map.of("offset_storage", "kafka")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::keyPath)
                        .containsExactly("sources.src.config.kafka_bootstrap_servers"));
        Map<String, String> p = properties(new MariaDbSourceFactory(), Map.of("offset_storage", "kafka",
                "kafka_bootstrap_servers", "k1:9092"));
        assertThat(p).containsEntry("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore")
                .containsEntry("bootstrap.servers", "k1:9092").containsEntry("offset.storage.topic", "cdc-toolkit-offsets")
                .containsEntry("schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory")
                .containsEntry("schema.history.internal.kafka.topic", "cdc-toolkit-schema-history.src")
                .containsEntry("schema.history.internal.kafka.bootstrap.servers", "k1:9092");
    }

    @Test
    void theCatalogFindsTheFourReadersByName() {
        ComponentCatalog catalog = ComponentCatalog.load();
        assertThat(catalog.source("postgres-cdc")).containsInstanceOf(PostgresSourceFactory.class);
        assertThat(catalog.source("mysql-cdc")).containsInstanceOf(MySqlSourceFactory.class);
        assertThat(catalog.source("mariadb-cdc")).containsInstanceOf(MariaDbSourceFactory.class);
        assertThat(catalog.source("sqlserver-cdc")).containsInstanceOf(SqlServerSourceFactory.class);
    }

    @Test
    void rivvenStyleConfigValidatesIncludingRoutingTransformsAndFeatures() throws Exception {
        Map<String, Object> raw = new HashMap<>(Map.of("host", "localhost", "port", 1433, "database", "mydb",
                "username", "sa", "password", "${MSSQL_PASSWORD}", "schema", "dbo", "poll_interval_ms", 500,
                "snapshot_mode", "initial", "encrypt", false, "trust_server_certificate", true));
        raw.put("include_tables", List.of("users", "orders"));
        raw.put("topic_routing", "cdc.{schema}.{table}");
        raw.put("normalization", Map.of("case_conversion", "snake_case"));
        raw.put("transforms", List.of(Map.of("type", "mask_field")));
        raw.put("column_filters", Map.of("dbo.users", Map.of("exclude", List.of("ssn"))));
        Options options = Options.of("sources.sqlserver_db.config", new SqlServerSourceFactory().spec().options(), raw);
        assertThat(options.string("user")).isEqualTo("sa");
        assertThat(new SqlServerSourceFactory().columnFilters(options).isEmpty()).isFalse();
    }
}
