package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.postgres.pgoutput.FilteredPublication;
import io.cdctoolkit.engine.spi.FatalException;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.relational.TableId;
import io.debezium.relational.Tables;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Debezium engine's publication with {@code publication_autocreate: filtered}, created or brought up to date by
 * the toolkit on a plain connection before the engine starts, which is then told that it exists (Debezium's
 * {@code publication.autocreate.mode: disabled}: it only checks that the publication is there).
 *
 * <p>Why not Debezium: it does this on its replication connection, right before {@code START_REPLICATION}, and a
 * statement there that opens a captured table — {@code pg_publication_tables}, which Debezium reads at every start,
 * opens them all on PostgreSQL 17 and 18 (not on 15); {@code ALTER PUBLICATION … SET TABLE} does on every version —
 * leaves the walsender with the table's columns as they are now, which PostgreSQL then decodes the changes not yet
 * sent with. Behind an {@code ALTER TABLE}
 * the engine was restarted after, a change written before it came out with the wrong value (an enum column retyped
 * to {@code text}: {@code 'sad'} as {@code ";"}), without the value of a column dropped since, or stopped the slot
 * ({@code compressed pglz data is corrupt … in the change callback}). Here no replication connection runs SQL that
 * opens a table.
 *
 * <p>Same publication as Debezium's own: its table filter ({@link PostgresConnectorConfig}) over the database's tables
 * and partitioned tables (as its {@code PostgresConnection.getAllTableIds}), the same statements, changed only when
 * it holds other tables ({@link FilteredPublication}), and on a standby (which cannot change a publication) the same
 * check that the publication already holds exactly those tables.
 */
final class DebeziumPublication {

    private static final String[] TABLE_TYPES = {"TABLE", "PARTITIONED TABLE"};

    private final FilteredPublication publication;
    private final String database;
    private final Tables.TableFilter filter;
    private final boolean viaPartitionRoot;

    private DebeziumPublication(Map<String, String> properties) {
        PostgresConnectorConfig config = new PostgresConnectorConfig(Configuration.from(properties));
        this.publication = new FilteredPublication(config.publicationName());
        this.database = config.databaseName();
        this.filter = config.getTableFilters().dataCollectionFilter();
        this.viaPartitionRoot = Boolean.parseBoolean(properties.get("publish.via.partition.root"));
    }

    /**
     * What {@link #prepare} did.
     *
     * @param properties     the properties to add to the engine's
     * @param newlyPublished the tables ({@link FilteredPublication#member}s) the publication holds from now on and did
     *                       not before: a table added to the captured ones, or the publication's first tables
     */
    record Prepared(Map<String, String> properties, Set<String> newlyPublished) {
    }

    /**
     * With Debezium's {@code publication.autocreate.mode} {@code filtered} in {@code properties} (the engine's final
     * ones): the publication made as Debezium would make it, and {@code disabled} for the engine;
     * otherwise nothing (an existing publication is all Debezium reads then).
     */
    static Prepared prepare(Connection sql, Map<String, String> properties, String source) throws SQLException {
        if (!"filtered".equalsIgnoreCase(properties.get("publication.autocreate.mode"))) {
            return new Prepared(Map.of(), Set.of());
        }
        Set<String> newlyPublished = new DebeziumPublication(properties).createOrUpdate(sql, source);
        return new Prepared(Map.of("publication.autocreate.mode", "disabled"), newlyPublished);
    }

    /**
     * What {@link #prepare} would find newly published, changing nothing ({@code check}): the tables the filter takes
     * that the publication does not hold (all of them when there is none yet); none without {@code filtered}.
     */
    static Set<String> wouldNewlyPublish(Connection sql, Map<String, String> properties) throws SQLException {
        if (!"filtered".equalsIgnoreCase(properties.get("publication.autocreate.mode"))) return Set.of();
        DebeziumPublication publication = new DebeziumPublication(properties);
        Set<String> tables = publication.captured(sql);
        Set<String> members = publication.publication.members(sql);
        if (members != null) tables.removeAll(members);
        return tables;
    }

    private Set<String> createOrUpdate(Connection sql, String source) throws SQLException {
        Set<String> captured = captured(sql);
        if (captured.isEmpty() && !publication.exists(sql)) {
            // As Debezium: a filtered publication is made for tables.
            throw new FatalException(source + ": no table matches include_tables/exclude_tables, and a filtered"
                    + " publication needs at least one; check the table filters");
        }
        return publication.bringTo(sql, captured, viaPartitionRoot, source);
    }

    /** The tables Debezium's filter takes, as {@link FilteredPublication#member}s. */
    private Set<String> captured(Connection sql) throws SQLException {
        Set<String> tables = new TreeSet<>();
        DatabaseMetaData metadata = sql.getMetaData();
        try (ResultSet rs = metadata.getTables(database, null, null, TABLE_TYPES)) {
            while (rs.next()) {
                TableId table = new TableId(rs.getString(1), rs.getString(2), rs.getString(3));
                if (filter.isIncluded(table)) tables.add(FilteredPublication.member(table.schema(), table.table()));
            }
        }
        return tables;
    }
}
