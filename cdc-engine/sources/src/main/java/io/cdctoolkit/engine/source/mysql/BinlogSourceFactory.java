package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.backfill.BackfillRequestFiles;
import io.cdctoolkit.engine.source.debezium.DebeziumSourceFactory;
import io.cdctoolkit.engine.source.debezium.DebeziumSourceOptions;
import io.cdctoolkit.engine.source.debezium.EngineProperties;
import io.cdctoolkit.engine.source.debezium.OffsetStorageCheck;
import io.cdctoolkit.engine.source.debezium.SchemaProbeValues;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.engine.spi.TableBackfills;

import java.util.List;
import java.util.Map;

/**
 * What {@code mysql-cdc} and {@code mariadb-cdc} share: binlog readers keyed {@code database.table}
 * (no schema level), with a schema history under the state directory.
 */
abstract class BinlogSourceFactory extends DebeziumSourceFactory
        implements io.cdctoolkit.engine.spi.TableSchemaInspector, TableBackfills {

    @Override
    protected boolean hasBinlog() {
        return true;
    }


    /**
     * The server's {@code net_write_timeout} for the source's connections, in seconds: the most MySQL and MariaDB
     * take (a year). While the sink holds the pipeline back (a Kafka outage, a slow registry) the reader takes nothing
     * from the server, and the server ended a connection once a write to it had waited {@code net_write_timeout}
     * (60 s by default): during the snapshot, which reads a table with one streaming {@code SELECT}, the snapshot
     * failed, the source stopped, and the next start read every table again from its first row; while streaming, the
     * binlog connection was cut and the source stopped. mydumper raises it for the same reason; a client gone for good
     * is still found by TCP.
     */
    static final long NET_WRITE_TIMEOUT_S = 31_536_000L;
    /** Run first on each of Debezium's JDBC connections (its snapshot's among them): see {@link #NET_WRITE_TIMEOUT_S}. */
    static final String NO_WRITE_TIMEOUT = "SET SESSION net_write_timeout = " + NET_WRITE_TIMEOUT_S;

    /** Base of the default replica server id; the source name's hash is added to it. */
    private static final long SERVER_ID_BASE = 184_000;

    static List<OptionSpec> options(String defaultSslMode, String... sslModes) {
        List<OptionSpec> o = DebeziumSourceOptions.withTablesWithoutSchema(DebeziumSourceOptions.common(3306,
                "initial", "never", "no_data", "always", "when_needed", "recovery"));
        // A replica's server_id is an unsigned 32-bit number; with 0 the server ends the binlog stream after its last
        // event instead of waiting for new ones (what mysqlbinlog asks for), so capture would stop.
        o.add(OptionSpec.longValue("server_id").range(1, 4_294_967_295L)
                .doc("Replica server id, unique among the servers and readers of the replication topology "
                        + "(default 184000 + a number derived from the source name)").build());
        o.add(OptionSpec.oneOf("ssl_mode", sslModes).defaultValue(defaultSslMode).doc("TLS mode of the connections").build());
        o.add(OptionSpec.bool("snapshot_new_tables").defaultValue(true)
                .doc("a start whose include_tables/exclude_tables capture a table the last start's did not (snapshot"
                        + " completed) reads its rows as a backfill, Debezium's blocking snapshot, once its stream has"
                        + " started; a table created while captured comes whole with the binlog and is not read again;"
                        + " false: only its changes from the saved binlog position on are read (a warning says so) (see"
                        + " docs/sources/mysql-mariadb.md, A table added to the captured ones later)").build());
        o.add(OptionSpec.oneOf("time_columns", "time_of_day", "duration_micros").defaultValue("time_of_day")
                .doc("how TIME columns are delivered: time_of_day (type time; a value outside 00:00-24:00, a TIME used"
                        + " as a duration, makes its event unreadable and follows on_error) or duration_micros (int64,"
                        + " the signed microseconds of the whole TIME range, ±838:59:59.999999, as Debezium's"
                        + " MicroTime)").build());
        return o;
    }

    /** The JDBC URL scheme prefix, e.g. {@code jdbc:mariadb:}. */
    abstract String jdbcScheme();

    /** The JDBC driver's {@code sslMode} value for the option's value. */
    abstract String jdbcSslMode(String option);

    /** Human name, e.g. MariaDB. */
    abstract String product();

    @Override
    protected boolean usesSchemaHistory() {
        return true;
    }

    @Override
    protected boolean hasSchemaLevel() {
        return false;
    }

    @Override
    protected String qualifyTable(String glob, Options options) {
        return glob.contains(".") ? glob : options.string("database") + "." + glob;
    }

    @Override
    public Map<String, String> engineProperties(Options options, ComponentContext context) throws ConfigException {
        Map<String, String> p = super.engineProperties(options, context);
        EngineProperties.runFirst(p, NO_WRITE_TIMEOUT);
        if ("duration_micros".equals(options.string("time_columns"))) {
            String mode = p.get("time.precision.mode");
            if (!TimeDurationConverter.MICROSECOND_MODES.contains(mode)) {
                throw new ConfigException(options.keyPath() + ".debezium.time.precision.mode", "time_columns:"
                        + " duration_micros reads TIME column defaults as Debezium converts them, in microseconds, and"
                        + " time.precision.mode " + mode + " gives other units",
                        "remove time.precision.mode from the debezium: block, or set time_columns: time_of_day");
            }
            TimeDurationConverter.register(p);
        }
        return p;
    }

    @Override
    protected void connectorProperties(Options options, ComponentContext context, Map<String, String> p) {
        p.put("database.server.id", String.valueOf(serverId(options, context.name())));
        if (options.stringList("include_tables").isEmpty()) {
            p.put("database.include.list", io.cdctoolkit.engine.data.Globs.toRegex(options.string("database")));
        }
        p.put("database.ssl.mode", options.string("ssl_mode"));
        p.put("time.precision.mode", "adaptive_time_microseconds");
        // BIGINT UNSIGNED exceeds a Java long; precise maps it to decimal(20,0).
        p.put("bigint.unsigned.handling.mode", "precise");
        p.put("include.schema.changes", "false");
        p.put("binlog.net.write.timeout", String.valueOf(NET_WRITE_TIMEOUT_S)); // the binlog connection's (JDBC's: above)
    }

    /** {@code SELECT * FROM `database`.`table` WHERE (…)}. */
    @Override
    protected io.cdctoolkit.engine.source.debezium.BackfillSelect backfillSelect(Options options) {
        return (table, where, engineProperties) -> {
            int dot = table.indexOf('.');
            return "SELECT * FROM " + quote(table.substring(0, dot)) + "." + quote(table.substring(dot + 1)) + " WHERE ("
                    + where + ")";
        };
    }

    @Override
    public String requestBackfill(Options options, ComponentContext context, List<String> tables, String where,
                                  boolean running) throws ConfigException, ConnectivityException {
        return BinlogBackfill.request(this, options, context, tables, where, running);
    }

    @Override
    protected String snapshotTimeZoneSensitiveValues() {
        return "DATETIME and TIMESTAMP values";
    }

    @Override
    public io.cdctoolkit.engine.spi.TableSchemas tableSchemas(Options options, ComponentContext context,
                                                            io.cdctoolkit.engine.data.TableId table)
            throws ConfigException, ConnectivityException {
        return probeTableSchemas(options, context, table, BinlogSourceFactory::quote);
    }

    /** One schema-only run for all {@code tables}. */
    @Override
    public SchemaReading schemaReading(Options options, ComponentContext context,
                                       java.util.List<io.cdctoolkit.engine.data.TableId> tables) throws ConfigException {
        return probeSchemaReading(options, context, tables, BinlogSourceFactory::quote);
    }

    static String quote(io.cdctoolkit.engine.data.TableId table) {
        return quote(table.database()) + "." + quote(table.table());
    }

    private static String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    /**
     * Not on the other server (MySQL vs MariaDB), where the connector would fail inside; and no global read lock for a
     * schema-only run: it reads no rows, and a lock would stall the server's writers for a command that only prints
     * schemas. The {@link TimeDurationConverter} puts a placeholder in the run's row of NULLs.
     */
    @Override
    protected void schemaOnlyProperties(Options options, ComponentContext context, Map<String, String> properties)
            throws ConnectivityException {
        // The probe runs Debezium's connector: on the other server it would fail inside it, as a start would.
        new BinlogInspector(this, options, context.name()).requireServerKind(describe(options, context));
        properties.put("snapshot.locking.mode", "none");
        SchemaProbeValues.enable(properties, TimeDurationConverter.NAME);
    }

    /** Where the engine keeps its offsets: the state directory, or ({@code offset_storage: kafka}) Kafka's topics. */
    static SavedBinlogOffsets savedOffsets(Options options, ComponentContext context,
                                           Map<String, String> engineProperties) {
        return "kafka".equals(options.string("offset_storage")) ? SavedBinlogOffsets.inKafka(engineProperties)
                : SavedBinlogOffsets.inStateDirectory(context.stateDir());
    }

    static long serverId(Options options, String sourceName) {
        if (options.has("server_id")) return options.longValue("server_id");
        return SERVER_ID_BASE + Math.floorMod(sourceName.hashCode(), 100_000);
    }

    /**
     * At start: the MariaDB sequences the filter matches join the excluded tables (see {@link BinlogInspector#sequences}):
     * a sequence holds no rows to capture, and its {@code NEXTVAL} row events stopped the source.
     */
    @Override
    protected io.cdctoolkit.engine.source.debezium.StartProperties startProperties(Options options, ComponentContext context,
                                                                                Map<String, String> properties) {
        BinlogInspector inspector = new BinlogInspector(this, options, context.name());
        return () -> {
            String source = describe(options, context);
            inspector.requireServerKind(source);
            Map<String, String> set = io.cdctoolkit.engine.source.debezium.TableExclusions.with(inspector.sequences(),
                    properties);
            BackfillRequestFiles requests = io.cdctoolkit.engine.source.debezium.BlockingBackfillRequest.files(context);
            try (SavedBinlogOffsets saved = savedOffsets(options, context, properties)) {
                BinlogNewlyCaptured.readOrWarn(capturedFilter(options), options.string("snapshot_mode"), saved, inspector,
                        source, options.bool("snapshot_new_tables") ? requests : null);
            } catch (java.io.IOException e) {
                throw new io.cdctoolkit.engine.spi.FatalException(source + ": the tables captured at this start could"
                        + " not be recorded (" + e + "); make the state folder writable (offset_storage: kafka: the"
                        + " offsets topic)", e);
            }
            return set;
        };
    }

    /** The table filter this start captures with, as {@link BinlogNewlyCaptured} records it. */
    BinlogNewlyCaptured.CapturedFilter capturedFilter(Options options) {
        return BinlogNewlyCaptured.CapturedFilter.of(options, glob -> qualifyTable(glob, options));
    }

    /**
     * The binlog sources' checks, the offset storage's, a backfill request waiting, and the tables captured since the
     * snapshot ({@link BinlogNewlyCaptured#check}; left out when the saved offsets cannot be read: the offset storage's
     * item says why).
     */
    @Override
    public PrerequisiteReport check(Options options, ComponentContext context) throws ConnectivityException {
        BinlogInspector inspector = new BinlogInspector(this, options, context.name());
        PrerequisiteReport report = OffsetStorageCheck.added(inspector.check(), options);
        report = io.cdctoolkit.engine.source.debezium.BlockingBackfillRequest.waiting(context).map(report::with)
                .orElse(report);
        if (report.item(OffsetStorageCheck.CHECK).filter(c -> c.outcome() == PrerequisiteCheck.Outcome.FAIL).isPresent()) {
            return report;
        }
        try (SavedBinlogOffsets saved = savedOffsets(options, context, "kafka".equals(options.string("offset_storage"))
                ? engineProperties(options, context) : Map.of())) {
            return BinlogNewlyCaptured.check(context, capturedFilter(options), options.string("snapshot_mode"),
                    saved, inspector, options.bool("snapshot_new_tables")).map(report::with).orElse(report);
        } catch (ConnectivityException e) {
            throw e;
        } catch (Exception e) {
            return report; // unreadable offsets: left to the start, which leaves them to the engine (that fails on them)
        }
    }

    @Override
    public List<DiscoveredTable> discover(Options options, ComponentContext context) throws ConnectivityException {
        return new BinlogInspector(this, options, context.name()).discover();
    }
}
