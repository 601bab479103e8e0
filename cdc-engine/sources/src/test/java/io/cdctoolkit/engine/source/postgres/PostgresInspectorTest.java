package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteCheck.Outcome;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresInspectorTest {

    private final PostgresSourceFactory factory = new PostgresSourceFactory();

    @TempDir
    Path state;

    @Test
    void discoverListsCapturedTablesWithColumnsTypesAndKeys() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_discover");
        pg.execute(db, "CREATE SCHEMA sales",
                "CREATE TABLE public.users (id int PRIMARY KEY, email varchar(100) NOT NULL, score numeric(10,2))",
                "CREATE TABLE sales.order_lines (order_id int, line int, sku text, PRIMARY KEY (order_id, line))",
                "CREATE TABLE public.audit (at timestamptz, what text)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        List<DiscoveredTable> tables = factory.discover(PgTestSupport.options(config), context());

        assertThat(tables).extracting(t -> t.id().toString())
                .containsExactly("pg_discover.public.audit", "pg_discover.public.users", "pg_discover.sales.order_lines");
        DiscoveredTable users = tables.get(1);
        assertThat(users.primaryKey()).containsExactly("id");
        assertThat(users.columns()).containsExactly(
                new DiscoveredTable.Column("id", "integer", false),
                new DiscoveredTable.Column("email", "character varying(100)", false),
                new DiscoveredTable.Column("score", "numeric(10,2)", true));
        assertThat(tables.get(2).primaryKey()).containsExactly("order_id", "line");
        assertThat(tables.get(0).primaryKey()).isEmpty();

        config.put("include_tables", List.of("sales.*"));
        assertThat(factory.discover(PgTestSupport.options(config), context()))
                .extracting(t -> t.id().table()).containsExactly("order_lines");
    }

    /**
     * include_tables entries that match no table: a misspelt name (a case too: names are case-sensitive), a glob over
     * nothing. Neither engine says anything of them at run time — the changes never come — so check warns, with the
     * nearest table's name; an entry that matches a table only exclude_tables leaves out, or an unlogged table (which
     * has its own line), is not warned of, nor is the default include. And a column_filters exclude of no column.
     */
    @Test
    void checkWarnsOfIncludeTablesEntriesThatMatchNoTable() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_check_includes");
        pg.execute(db, "CREATE TABLE orders (id int PRIMARY KEY)", "CREATE TABLE customers (id int PRIMARY KEY)",
                "CREATE TABLE audit_log (id int PRIMARY KEY)", "CREATE UNLOGGED TABLE scratch (id int PRIMARY KEY)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("include_tables", List.of("public.ordrs", "Customers", "public.orders", "archive.*", "public.audit_*",
                "public.scratch"));
        config.put("exclude_tables", List.of("public.audit_log"));

        PrerequisiteCheck unmatched = factory.check(PgTestSupport.options(config), context()).item("include_tables")
                .orElseThrow();

        assertThat(unmatched.outcome()).isEqualTo(Outcome.WARN);
        assertThat(unmatched.message()).isEqualTo("include_tables entries public.ordrs (did you mean public.orders?),"
                + " public.Customers (did you mean public.customers?), archive.* match no table the database shows "
                + config.get("user") + ": nothing is captured from them");
        assertThat(unmatched.fix()).isEqualTo("correct the name, or create the table before the source starts");


        config.put("include_tables", List.of("public.orders", "public.customers"));
        assertThat(factory.check(PgTestSupport.options(config), context()).item("include_tables")).isEmpty();

        // exclude_tables: a misspelt entry leaves nothing out (the table it meant is captured), said so too
        config.remove("include_tables");
        config.put("exclude_tables", List.of("public.audit_lg"));
        PrerequisiteCheck excluded = factory.check(PgTestSupport.options(config), context()).item("exclude_tables")
                .orElseThrow();
        assertThat(excluded.outcome()).isEqualTo(Outcome.WARN);
        assertThat(excluded.message()).isEqualTo("exclude_tables entry public.audit_lg (did you mean public.audit_log,"
                + " which is captured?) matches no table the database shows " + config.get("user")
                + ": it leaves nothing out");
        assertThat(factory.discover(PgTestSupport.options(config), context())).extracting(t -> t.id().table())
                .contains("audit_log");
        config.put("exclude_tables", List.of("audit_log"));
        assertThat(factory.check(PgTestSupport.options(config), context()).item("exclude_tables")).isEmpty();
        config.put("include_tables", List.of("public.orders", "public.customers"));

        // column_filters: a misspelt exclude filters nothing (the column it meant is in every record), said so too
        pg.execute(db, "ALTER TABLE customers ADD COLUMN password_hash text");
        config.put("column_filters", Map.of("public.customers", Map.of("exclude", List.of("password_hsh"))));
        PrerequisiteCheck filters = factory.check(PgTestSupport.options(config), context()).item("column_filters")
                .orElseThrow();
        assertThat(filters.outcome()).isEqualTo(Outcome.WARN);
        assertThat(filters.message()).isEqualTo("column_filters public.customers exclude password_hsh matches no column"
                + " of the table (did you mean password_hash?): they filter nothing out");
        config.put("column_filters", Map.of("public.customers", Map.of("exclude", List.of("password_hash"))));
        assertThat(factory.check(PgTestSupport.options(config), context()).item("column_filters")).isEmpty();
        config.remove("column_filters");
        config.remove("include_tables");
        assertThat(factory.check(PgTestSupport.options(config), context()).item("include_tables")).isEmpty();
    }

    /**
     * A hand-made publication and a partitioned table: {@code pg_publication_tables} lists a published partitioned
     * table's partitions, never the table itself, so membership is read from the publication's own tables too. The
     * partitioned table must be in it — that is what makes PostgreSQL publish the partitions created later.
     */
    @Test
    void checkReadsAPartitionedTablesPlaceInAHandMadePublication() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_check_partitions");
        pg.execute(db, "CREATE TABLE readings (id int, region text, PRIMARY KEY (id, region)) PARTITION BY LIST (region)",
                "CREATE TABLE readings_eu PARTITION OF readings FOR VALUES IN ('eu')",
                "CREATE PUBLICATION by_parent FOR TABLE readings",
                "CREATE PUBLICATION by_partition FOR TABLE readings_eu");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("publication_autocreate", "disabled");
        config.put("include_tables", List.of("public.readings*"));

        config.put("publication", "by_parent");
        assertThat(item(factory.check(PgTestSupport.options(config), context()), "publication").outcome())
                .isEqualTo(Outcome.PASS);

        config.put("publication", "by_partition");
        PrerequisiteCheck lacking = item(factory.check(PgTestSupport.options(config), context()), "publication");
        assertThat(lacking.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(lacking.message()).isEqualTo("publication by_partition lacks public.readings");
        assertThat(lacking.fix()).isEqualTo("ALTER PUBLICATION by_partition ADD TABLE public.readings;");
    }

    @Test
    void checkPassesOnALogicalServerAndFlagsReplicaIdentityPerTable() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_check");
        pg.execute(db, "CREATE TABLE full_t (id int PRIMARY KEY)", "ALTER TABLE full_t REPLICA IDENTITY FULL",
                "CREATE TABLE default_t (id int PRIMARY KEY)", "CREATE TABLE nokey_t (v int)",
                "CREATE TABLE by_code (id int PRIMARY KEY, code int NOT NULL, v text)",
                "CREATE UNIQUE INDEX by_code_idx ON by_code (code)",
                "ALTER TABLE by_code REPLICA IDENTITY USING INDEX by_code_idx",
                "CREATE TABLE by_id_code (id int PRIMARY KEY, code int NOT NULL)",
                "CREATE UNIQUE INDEX by_id_code_idx ON by_id_code (code, id)",
                "ALTER TABLE by_id_code REPLICA IDENTITY USING INDEX by_id_code_idx");
        PrerequisiteReport report = factory.check(PgTestSupport.options(PgTestSupport.config(pg, db)), context());

        assertThat(item(report, "wal_level").outcome()).isEqualTo(Outcome.PASS);
        assertThat(item(report, "replication_privilege").outcome()).isEqualTo(Outcome.PASS);
        assertThat(item(report, "publication").outcome()).isEqualTo(Outcome.PASS);
        assertThat(item(report, "replica_identity public.full_t").outcome()).isEqualTo(Outcome.PASS);
        PrerequisiteCheck defaultIdentity = item(report, "replica_identity public.default_t");
        assertThat(defaultIdentity.outcome()).isEqualTo(Outcome.WARN);
        assertThat(defaultIdentity.message()).contains("no full before-image");
        assertThat(defaultIdentity.fix()).isEqualTo("ALTER TABLE public.default_t REPLICA IDENTITY FULL;");
        // An identity index without the primary key: the deletes have no key (NativeReaderParityTest shows it).
        PrerequisiteCheck byCode = item(report, "replica_identity public.by_code");
        assertThat(byCode.outcome()).isEqualTo(Outcome.WARN);
        assertThat(byCode.message()).isEqualTo("REPLICA IDENTITY USING INDEX on (code), without primary-key column(s) id:"
                + " a delete's old row carries no primary key, so deletes are sent without a record key (null: another"
                + " partition than the row's other records, refused by a compacted topic)");
        assertThat(byCode.fix()).startsWith("ALTER TABLE public.by_code REPLICA IDENTITY FULL;");
        assertThat(item(report, "replica_identity public.by_id_code").message()).contains("no full before-image");
        assertThat(item(report, "replica_identity public.nokey_t").outcome()).isEqualTo(Outcome.FAIL);
        assertThat(report.passed()).isFalse();

        pg.execute(db, "DROP TABLE nokey_t");
        assertThat(factory.check(PgTestSupport.options(PgTestSupport.config(pg, db)), context()).passed()).isTrue();
    }

    /**
     * Many tables with one verdict share a line (a thousand identical lines drowned the others): the count, the
     * tables — all of them when they fail, since each must be fixed — and the fix; fewer keep a line each.
     */
    @Test
    void manyTablesWithOneReplicaIdentityVerdictShareALine() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_check_many");
        List<String> ddl = new java.util.ArrayList<>(List.of("CREATE TABLE full_t (id int PRIMARY KEY)",
                "ALTER TABLE full_t REPLICA IDENTITY FULL"));
        for (int i = 0; i < 12; i++) ddl.add("CREATE TABLE keyed_" + (char) ('a' + i) + " (id int PRIMARY KEY)");
        for (int i = 0; i < 10; i++) ddl.add("CREATE TABLE nokey_" + (char) ('a' + i) + " (v int)");
        pg.execute(db, ddl.toArray(String[]::new));

        PrerequisiteReport report = factory.check(PgTestSupport.options(PgTestSupport.config(pg, db)), context());

        assertThat(item(report, "replica_identity public.full_t").outcome()).isEqualTo(Outcome.PASS);
        assertThat(report.item("replica_identity public.keyed_a")).isEmpty();
        assertThat(report.item("replica_identity public.nokey_a")).isEmpty();
        List<PrerequisiteCheck> shared = report.items().stream().filter(i -> i.name().equals("replica_identity")).toList();
        assertThat(shared).hasSize(2);
        PrerequisiteCheck keyed = shared.stream().filter(i -> i.outcome() == Outcome.WARN).findFirst().orElseThrow();
        assertThat(keyed.message()).isEqualTo("12 tables: REPLICA IDENTITY DEFAULT: updates and deletes carry no full"
                + " before-image (only key columns) (public.keyed_a, public.keyed_b, public.keyed_c, public.keyed_d,"
                + " public.keyed_e and 7 more)");
        assertThat(keyed.fix()).isEqualTo("ALTER TABLE public.keyed_a REPLICA IDENTITY FULL; — and alike for each of"
                + " the 12 tables");
        PrerequisiteCheck keyless = shared.stream().filter(i -> i.outcome() == Outcome.FAIL).findFirst().orElseThrow();
        assertThat(keyless.message()).startsWith("10 tables: no primary key and REPLICA IDENTITY DEFAULT")
                .contains("public.nokey_a, public.nokey_b").contains("public.nokey_j)");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void checkWarnsOfGeneratedColumnsNoEventCarries() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_check_generated");
        pg.execute(db, "CREATE TABLE priced (id int PRIMARY KEY, net numeric(10,2),"
                        + " gross numeric(10,2) GENERATED ALWAYS AS (net * 1.2) STORED, label text,"
                        + " \"Tax Band\" int GENERATED ALWAYS AS (1) STORED)",
                "CREATE TABLE plain (id int PRIMARY KEY, v text)");
        PrerequisiteReport report = factory.check(PgTestSupport.options(PgTestSupport.config(pg, db)), context());

        PrerequisiteCheck generated = item(report, "generated_columns public.priced");
        assertThat(generated.outcome()).isEqualTo(Outcome.WARN);
        assertThat(generated.message()).startsWith("generated column(s) gross, Tax Band are not in the events");
        assertThat(report.items()).extracting(PrerequisiteCheck::name).doesNotContain("generated_columns public.plain");
        assertThat(report.passed()).isTrue(); // a warning, not a failure
    }

    @Test
    void checkOnAServerWithWalLevelReplicaFailsWithTheFix() throws Exception {
        try (PostgresServer replica = PostgresServer.start(Map.of("wal_level", "replica"))) {
            replica.execute("postgres", "CREATE TABLE t (id int PRIMARY KEY)");
            PrerequisiteReport report = factory.check(PgTestSupport.options(PgTestSupport.config(replica, "postgres")), context());

            PrerequisiteCheck walLevel = item(report, "wal_level");
            assertThat(walLevel.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(walLevel.message()).isEqualTo("wal_level is 'replica'; logical replication needs 'logical'");
            assertThat(walLevel.fix()).isEqualTo("ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL");
            assertThat(report.passed()).isFalse();
            assertThat(report.failures()).containsExactly(walLevel);
        }
    }

    @Test
    void checkNamesMissingReplicationPrivilegeAndSelectGrant() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_grants");
        pg.execute(db, "DROP ROLE IF EXISTS plain_user", "CREATE ROLE plain_user LOGIN PASSWORD 'pw'",
                "CREATE TABLE t (id int PRIMARY KEY)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("user", "plain_user");
        config.put("password", "pw");
        PrerequisiteReport report = factory.check(PgTestSupport.options(config), context());

        assertThat(item(report, "replication_privilege").fix()).isEqualTo("ALTER ROLE plain_user WITH REPLICATION;");
        assertThat(item(report, "select public.t").fix()).isEqualTo("GRANT SELECT ON public.t TO plain_user;");
    }

    @Test
    void unreachableServerIsAConnectivityFailure() throws Exception {
        Map<String, Object> config = PgTestSupport.config(PostgresServer.shared(), "postgres");
        config.put("port", 1);
        assertThatThrownBy(() -> factory.check(PgTestSupport.options(config), context()))
                .isInstanceOf(ConnectivityException.class)
                .hasMessageContaining("PostgreSQL at localhost:1/postgres");
    }

    @Test
    void readerStartAgainstAnUnreachableServerIsAConnectivityFailure() throws Exception {
        Map<String, Object> config = PgTestSupport.config(PostgresServer.shared(), "postgres");
        config.put("port", 1);
        try (var reader = PgTestSupport.reader(config, "down", state)) {
            assertThatThrownBy(reader::start).isInstanceOf(ConnectivityException.class)
                    .hasMessageContaining("postgres-cdc source 'down'");
        }
    }

    private ComponentContext context() {
        return ComponentContext.of("check", state);
    }

    private static PrerequisiteCheck item(PrerequisiteReport report, String name) {
        return report.item(name).orElseThrow(() -> new AssertionError("no check item " + name + " in " + report));
    }
}
