package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.source.postgres.pgoutput.FailoverSlot;
import io.cdctoolkit.engine.source.postgres.pgoutput.PublishedTables;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The individual PostgreSQL prerequisites, each with the SQL that fixes it. */
final class PostgresChecks {

    private final Connection connection;
    private final String user;
    private final String slot;
    private final String publication;
    private final String autocreate;

    PostgresChecks(Connection connection, String user, String slot, String publication, String autocreate) {
        this.connection = connection;
        this.user = user;
        this.slot = slot;
        this.publication = publication;
        this.autocreate = autocreate;
    }

    List<PrerequisiteCheck> serverChecks() throws SQLException {
        List<PrerequisiteCheck> items = new ArrayList<>();
        int version = Integer.parseInt(scalar("SHOW server_version_num"));
        items.add(version >= 100000
                ? PrerequisiteCheck.pass("server_version", "PostgreSQL " + scalar("SHOW server_version"))
                : PrerequisiteCheck.fail("server_version", "PostgreSQL " + scalar("SHOW server_version")
                        + " has no pgoutput plugin", "upgrade to PostgreSQL 10 or later"));
        String walLevel = scalar("SHOW wal_level");
        items.add("logical".equals(walLevel)
                ? PrerequisiteCheck.pass("wal_level", "wal_level is logical")
                : PrerequisiteCheck.fail("wal_level", "wal_level is '" + walLevel + "'; logical replication needs 'logical'",
                        "ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL"));
        items.add(replicationPrivilege());
        items.add(slotCheck());
        preparedTransactions().ifPresent(items::add);
        items.add(walSenders());
        return items;
    }

    List<PrerequisiteCheck> tableChecks(List<DiscoveredTable> tables) throws SQLException {
        List<PrerequisiteCheck> items = new ArrayList<>();
        if (tables.isEmpty()) {
            items.add(PrerequisiteCheck.warn("tables", "no table matches include_tables/exclude_tables",
                    "check include_tables, or create the tables first"));
            return items;
        }
        items.add(publicationCheck(tables));
        boolean generatedColumnsExist = Integer.parseInt(scalar("SHOW server_version_num")) >= 120000;
        PublishedTables published = generatedColumnsExist ? PublishedTables.read(connection, publication) : null;
        ReplicaIdentityLines identities = new ReplicaIdentityLines();
        for (DiscoveredTable t : tables) {
            String name = quoted(t);
            if (!bool("SELECT has_table_privilege(?, ?::regclass, 'SELECT')", user, name)) {
                items.add(PrerequisiteCheck.fail("select " + name, user + " cannot SELECT from " + name
                        + " (needed for the snapshot)", "GRANT SELECT ON " + name + " TO " + user + ";"));
            }
            identities.add(name, replicaIdentity(t, name));
            PrerequisiteCheck generated = generatedColumnsExist ? generatedColumns(t, name, published) : null;
            if (generated != null) items.add(generated);
        }
        items.addAll(identities.lines());
        return items;
    }

    /**
     * Generated columns (PostgreSQL 12+, the caller checks) the publication does not send — every one, unless a
     * publication made by hand on PostgreSQL 18 sends stored ones ({@code publish_generated_columns = stored}, or a
     * column list naming them; the toolkit sets neither): no streamed event carries them; a warning, so that a missing
     * column is not a surprise. Null when the table has none left out.
     */
    private PrerequisiteCheck generatedColumns(DiscoveredTable table, String name, PublishedTables published)
            throws SQLException {
        List<String> left = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement("SELECT attname, attgenerated = 's' FROM pg_attribute"
                + " WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated <> '' ORDER BY attnum")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getBoolean(2) || !published.sends(table.id(), rs.getString(1), true)) left.add(rs.getString(1));
                }
            }
        }
        if (left.isEmpty()) return null;
        String columns = String.join(", ", left);
        return PrerequisiteCheck.warn("generated_columns " + name, "generated column(s) " + columns
                + " are not in the events: publication " + publication + " does not send them"
                + " (with engine: debezium they appear in snapshot rows only)",
                "compute them downstream, or keep the value in a regular column (e.g. set by a trigger); on PostgreSQL"
                        + " 18, a publication made by hand WITH (publish_generated_columns = stored) sends stored ones");
    }

    private PrerequisiteCheck replicationPrivilege() throws SQLException {
        boolean ok = bool("SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user");
        return ok ? PrerequisiteCheck.pass("replication_privilege", user + " may open replication connections")
                : PrerequisiteCheck.fail("replication_privilege", user + " has no REPLICATION attribute",
                        "ALTER ROLE " + user + " WITH REPLICATION;");
    }

    private PrerequisiteCheck slotCheck() throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT plugin, database, active FROM pg_replication_slots WHERE slot_name = ?")) {
            st.setString(1, slot);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    if (!"pgoutput".equals(rs.getString(1))) {
                        return PrerequisiteCheck.fail("replication_slot", "slot " + slot + " uses plugin "
                                + rs.getString(1), "SELECT pg_drop_replication_slot('" + slot + "'); or set slot_name");
                    }
                    if (!connection.getCatalog().equals(rs.getString(2))) {
                        return PrerequisiteCheck.fail("replication_slot", "slot " + slot + " belongs to database "
                                + rs.getString(2), "set slot_name to a slot of this database");
                    }
                    return rs.getBoolean(3)
                            ? PrerequisiteCheck.warn("replication_slot", "slot " + slot + " is in use by another connection",
                            "stop the other reader, or set a different slot_name")
                            : PrerequisiteCheck.pass("replication_slot", "slot " + slot + " exists (resumes from it)");
                }
            }
        }
        int free = Integer.parseInt(scalar("SELECT current_setting('max_replication_slots')::int "
                + "- (SELECT count(*) FROM pg_replication_slots)"));
        return free > 0 ? PrerequisiteCheck.pass("replication_slot", "slot " + slot + " will be created (" + free + " free)")
                : PrerequisiteCheck.fail("replication_slot", "no free replication slot (max_replication_slots reached)",
                "ALTER SYSTEM SET max_replication_slots = 10; then restart PostgreSQL (or drop an unused slot)");
    }

    /**
     * {@code slot_failover}: whether this server can give the source a failover slot, and whether a standby has the
     * changes before the source does ({@code synchronized_standby_slots}); without that a failover can leave the
     * source with changes delivered that the new primary never had.
     */
    PrerequisiteCheck slotFailover() throws SQLException {
        String unsupported = FailoverSlot.unsupported(connection);
        if (unsupported != null) return PrerequisiteCheck.fail("slot_failover", unsupported, FailoverSlot.unsupportedRemedy());
        String state = FailoverSlot.existsWithout(connection, slot)
                ? "slot " + slot + " is not a failover slot yet (the start makes it one)"
                : "slot " + slot + " is (or is created as) a failover slot";
        String standbys = scalar("SHOW synchronized_standby_slots");
        if (standbys.isBlank()) {
            return PrerequisiteCheck.warn("slot_failover", state + "; synchronized_standby_slots is empty, so this source"
                    + " can receive changes no standby has yet: after a failover to that standby they are delivered but"
                    + " not in the new primary", "ALTER SYSTEM SET synchronized_standby_slots = '<the standbys'"
                    + " physical slots>'; SELECT pg_reload_conf();");
        }
        List<String> missing = FailoverSlot.missingStandbySlots(connection);
        if (!missing.isEmpty()) {
            return PrerequisiteCheck.fail("slot_failover", state + "; " + FailoverSlot.heldBack(missing),
                    FailoverSlot.heldBackRemedy());
        }
        return PrerequisiteCheck.pass("slot_failover", state + "; changes reach it only after the standbys of"
                + " synchronized_standby_slots (" + standbys + ") have them");
    }

    /**
     * Without {@code slot_failover}, on a PostgreSQL 17+ primary with standbys' physical slots: a WARN that a failover
     * to one of them leaves the source without its slot (it stops; a new snapshot or the changes in between lost),
     * which a failover slot avoids. Empty where there is nothing to say.
     */
    Optional<PrerequisiteCheck> ordinarySlotBesideStandbys() throws SQLException {
        List<String> standbys = FailoverSlot.standbysWithoutACopy(connection, slot);
        if (standbys.isEmpty()) return Optional.empty();
        return Optional.of(PrerequisiteCheck.warn("slot_failover", "this server has standbys' physical slots ("
                + String.join(", ", standbys) + ") and slot " + slot + " is an ordinary slot: a standby promoted after a"
                + " failover has no copy of it, and the source stops there (a new snapshot, or the changes in between"
                + " lost)", "set slot_failover: true, so that standbys with sync_replication_slots = on keep a copy"
                + " (docs/sources/postgresql.md, Failover slots)"));
    }

    /**
     * A slot still to be created waits for every transaction holding a transaction ID when its creation begins, in
     * any database: a prepared transaction never ends by itself, so one left behind holds the start until somebody
     * commits or rolls it back ({@link SlotCreationWait} names it during the start too).
     */
    private Optional<PrerequisiteCheck> preparedTransactions() throws SQLException {
        List<String> prepared = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement("SELECT gid, database, owner,"
                + " extract(epoch FROM now() - prepared)::bigint FROM pg_prepared_xacts"
                + " WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = ?) ORDER BY prepared")) {
            st.setString(1, slot);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    prepared.add("'" + rs.getString(1) + "' (database " + rs.getString(2) + ", owner " + rs.getString(3)
                            + ", prepared " + rs.getLong(4) + " s ago)");
                }
            }
        }
        if (prepared.isEmpty()) return Optional.empty();
        return Optional.of(PrerequisiteCheck.warn("prepared_transactions", "creating slot " + slot
                        + " will wait until prepared transaction(s) " + String.join(", ", prepared) + " end",
                "COMMIT PREPARED or ROLLBACK PREPARED them (as their owner or a superuser, in their database)"));
    }

    private PrerequisiteCheck walSenders() throws SQLException {
        int senders = Integer.parseInt(scalar("SHOW max_wal_senders"));
        return senders > 0 ? PrerequisiteCheck.pass("max_wal_senders", "max_wal_senders is " + senders)
                : PrerequisiteCheck.fail("max_wal_senders", "max_wal_senders is 0",
                "ALTER SYSTEM SET max_wal_senders = 10; then restart PostgreSQL");
    }

    private static final String PUBLISHED_TABLES =
            "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = ?";
    private static final String MEMBER_TABLES = """
            SELECT n.nspname || '.' || c.relname FROM pg_publication p
            JOIN pg_publication_rel r ON r.prpubid = p.oid JOIN pg_class c ON c.oid = r.prrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE p.pubname = ?""";
    private static final String MEMBER_SCHEMAS = """
            SELECT n.nspname FROM pg_publication p JOIN pg_publication_namespace pn ON pn.pnpubid = p.oid
            JOIN pg_namespace n ON n.oid = pn.pnnspid WHERE p.pubname = ?""";

    /** The first column of {@code sql}'s rows, for this check's publication. */
    private Set<String> names(String sql) throws SQLException {
        Set<String> names = new HashSet<>();
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.setString(1, publication);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) names.add(rs.getString(1));
            }
        }
        return names;
    }

    private PrerequisiteCheck publicationCheck(List<DiscoveredTable> tables) throws SQLException {
        String tableList = String.join(", ", tables.stream().map(PostgresChecks::quoted).toList());
        if (!bool("SELECT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = ?)", publication)) {
            if ("disabled".equals(autocreate)) {
                return PrerequisiteCheck.fail("publication", "publication " + publication + " does not exist "
                        + "and publication_autocreate is disabled", "CREATE PUBLICATION " + publication + " FOR TABLE " + tableList + ";");
            }
            boolean superuser = bool("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
            if ("all_tables".equals(autocreate) && !superuser) {
                return PrerequisiteCheck.fail("publication", "creating a FOR ALL TABLES publication needs a superuser",
                        "CREATE PUBLICATION " + publication + " FOR ALL TABLES; (as a superuser)");
            }
            boolean canCreate = superuser || bool("SELECT has_database_privilege(current_user, current_database(), 'CREATE')");
            return canCreate ? PrerequisiteCheck.pass("publication", "publication " + publication + " will be created")
                    : PrerequisiteCheck.fail("publication", user + " cannot create publication " + publication,
                    "CREATE PUBLICATION " + publication + " FOR TABLE " + tableList + "; (as the tables' owner)");
        }
        Set<String> published = names(PUBLISHED_TABLES);
        // pg_publication_tables lists a published partitioned table's partitions, never the table itself.
        published.addAll(names(MEMBER_TABLES));
        Set<String> schemas = bool("SELECT to_regclass('pg_catalog.pg_publication_namespace') IS NOT NULL")
                ? names(MEMBER_SCHEMAS) : Set.of(); // FOR TABLES IN SCHEMA, PostgreSQL 15+
        boolean allTables = bool("SELECT puballtables FROM pg_publication WHERE pubname = ?", publication);
        List<String> missing = allTables ? List.of() : tables.stream()
                .filter(t -> !schemas.contains(t.id().schema()))
                .map(t -> t.id().schema() + "." + t.id().table())
                .filter(t -> !published.contains(t)).toList();
        if (missing.isEmpty() || "filtered".equals(autocreate)) {
            return PrerequisiteCheck.pass("publication", "publication " + publication + " exists"
                    + (missing.isEmpty() ? "" : " (tables added at start: " + String.join(", ", missing) + ")"));
        }
        return PrerequisiteCheck.fail("publication", "publication " + publication + " lacks " + String.join(", ", missing),
                "ALTER PUBLICATION " + publication + " ADD TABLE " + String.join(", ", missing) + ";");
    }

    private PrerequisiteCheck replicaIdentity(DiscoveredTable t, String name) throws SQLException {
        String identity = scalar("SELECT relreplident::text FROM pg_class WHERE oid = '" + name.replace("'", "''") + "'::regclass");
        String check = "replica_identity " + name;
        String fix = "ALTER TABLE " + name + " REPLICA IDENTITY FULL;";
        switch (identity) {
            case "f":
                return PrerequisiteCheck.pass(check, "REPLICA IDENTITY FULL: updates and deletes carry the full before-image");
            case "n":
                return PrerequisiteCheck.fail(check, "REPLICA IDENTITY NOTHING: PostgreSQL rejects UPDATE/DELETE on a "
                        + "published table without identity", fix);
            default:
                if (t.primaryKey().isEmpty() && "d".equals(identity)) {
                    return PrerequisiteCheck.fail(check, "no primary key and REPLICA IDENTITY DEFAULT: PostgreSQL "
                            + "rejects UPDATE/DELETE on it once it is published", fix + " (or add a primary key)");
                }
                if ("i".equals(identity)) {
                    List<String> indexColumns = identityIndexColumns(name);
                    List<String> missing = t.primaryKey().stream().filter(c -> !indexColumns.contains(c)).toList();
                    if (!missing.isEmpty()) {
                        return PrerequisiteCheck.warn(check, "REPLICA IDENTITY USING INDEX on (" + String.join(", ",
                                indexColumns) + "), without primary-key column(s) " + String.join(", ", missing)
                                + ": a delete's old row carries no primary key, so deletes are sent without a record key"
                                + " (null: another partition than the row's other records, refused by a compacted topic)",
                                fix + " (or REPLICA IDENTITY USING INDEX on a unique index that contains the primary key)");
                    }
                }
                return PrerequisiteCheck.warn(check, "REPLICA IDENTITY " + ("i".equals(identity) ? "USING INDEX" : "DEFAULT")
                        + ": updates and deletes carry no full before-image (only key columns)", fix);
        }
    }

    /** The columns of the index a {@code REPLICA IDENTITY USING INDEX} table names, in index order. */
    private List<String> identityIndexColumns(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement("SELECT a.attname FROM pg_index i"
                + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = ?::regclass AND i.indisreplident ORDER BY k.n")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    private static String quoted(DiscoveredTable t) {
        return quoteIdent(t.id().schema()) + "." + quoteIdent(t.id().table());
    }

    private static String quoteIdent(String id) {
        return id.matches("[a-z_][a-z0-9_]*") ? id : "\"" + id.replace("\"", "\"\"") + "\"";
    }

    private String scalar(String sql, String... args) throws SQLException {
        return Jdbc.scalar(connection, sql, args);
    }

    private boolean bool(String sql, String... args) throws SQLException {
        String value = scalar(sql, args);
        return "t".equals(value) || "true".equals(value);
    }
}
