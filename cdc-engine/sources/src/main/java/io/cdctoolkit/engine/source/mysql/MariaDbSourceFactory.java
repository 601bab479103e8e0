package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.debezium.OffsetStorageCheck;
import io.cdctoolkit.engine.source.debezium.StartProperties;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;

import java.util.List;
import java.util.Map;

/**
 * {@code connector: mariadb-cdc}: MariaDB binlog CDC through Debezium's MariaDB connector (the MySQL
 * connector's newer versions issue statements MariaDB does not know).
 */
public final class MariaDbSourceFactory extends BinlogSourceFactory {

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.SOURCE, "mariadb-cdc", List.of("mariadb"),
            "MariaDB change data capture from the row-based binlog, via Debezium's embedded engine",
            options("disable", "disable", "trust", "verify-ca", "verify-full"));

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    protected String connectorClass() {
        return ToolkitMariaDbConnector.class.getName();
    }

    @Override
    String jdbcScheme() {
        return "jdbc:mariadb:";
    }

    @Override
    String jdbcSslMode(String option) {
        return option;
    }

    /**
     * Debezium's MariaDB snapshot reads a {@code TIMESTAMP} as the server's text, written in the session's time zone,
     * through {@code getTimestamp(column, <the JVM's default calendar>)}. MariaDB Connector/J sets the session to the
     * JVM's zone where the server knows it (a fixed offset always, a named zone only with the server's time zone
     * tables); where it cannot, every value arrives shifted by the difference (a JVM in New York, a server in UTC
     * without the tables: five hours), while the binlog is exact.
     */
    @Override
    protected String snapshotTimeZoneSensitiveValues() {
        return "DATETIME and TIMESTAMP values (and TIMESTAMP values arrive shifted by the zone's offset unless the"
                + " server has time zone tables to take the zone's name for its session)";
    }

    /**
     * Before the engine starts: what to do when the saved position has been purged ({@link PurgedBinlogStart}); then
     * the binlog sources' own start properties.
     */
    @Override
    protected StartProperties startProperties(Options options, ComponentContext context, Map<String, String> properties) {
        StartProperties binlog = super.startProperties(options, context, properties);
        return () -> {
            BinlogInspector inspector = new BinlogInspector(this, options, context.name());
            try (SavedBinlogOffsets saved = savedOffsets(options, context, properties)) {
                PurgedBinlogStart.prepare(saved, options.string("snapshot_mode"), describe(options, context),
                        inspector::purgedResumePosition);
            }
            return binlog.resolve();
        };
    }

    /** The binlog sources' checks, and {@link PurgedBinlogStart#check}. */
    @Override
    public PrerequisiteReport check(Options options, ComponentContext context) throws ConnectivityException {
        PrerequisiteReport report = super.check(options, context);
        if (report.item(OffsetStorageCheck.CHECK).filter(c -> c.outcome() == PrerequisiteCheck.Outcome.FAIL).isPresent()) {
            return report; // the saved offsets cannot be read: that item says why
        }
        BinlogInspector inspector = new BinlogInspector(this, options, context.name());
        PrerequisiteCheck position;
        try (SavedBinlogOffsets saved = savedOffsets(options, context, "kafka".equals(options.string("offset_storage"))
                ? engineProperties(options, context) : Map.of())) {
            position = PurgedBinlogStart.check(saved, options.string("snapshot_mode"), inspector::purgedResumePosition);
        } catch (ConnectivityException e) {
            throw e;
        } catch (Exception e) {
            position = PrerequisiteCheck.warn(PurgedBinlogStart.CHECK, "cannot read the saved offsets: " + e.getMessage(),
                    OffsetStorageCheck.unreadableOffsetsFix(options, context.stateDir()));
        }
        return report.with(position);
    }

    @Override
    String product() {
        return "MariaDB";
    }
}
