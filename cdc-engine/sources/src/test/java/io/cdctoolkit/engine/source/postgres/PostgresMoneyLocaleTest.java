package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code money} in a database whose {@code lc_monetary} writes it in another layout than C / en_US ({@code de_DE}:
 * {@code 1.234,56 €}): Debezium's connector cannot read it — its snapshot retried ten times and stopped, its stream
 * stopped at the first change, each time logging the amount — so the Debezium engine does not start and {@code check}
 * fails; the native engine makes each value an unreadable event ({@code check} warns). The fix {@code check} names —
 * the toolkit's role in the C layout for that database, which has as many fraction digits — has both engines read the
 * amounts the server holds ({@code money::numeric}, the oracle). On the machine's PostgreSQL 15, with the de_DE.UTF-8
 * locale that {@code .ci/postgres.sh} generates.
 */
class PostgresMoneyLocaleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void anUnreadableLayoutStopsTheDebeziumEngineAtStartAndTheFixHasBothEnginesReadTheAmounts() throws Exception {
        ParityServer pg = ParityServer.of("machine-15");
        String db = pg.createDatabase("pg_money_locale");
        try {
            germanMoney(pg, db);
            pg.execute(db, "CREATE DOMAIN price AS money",
                    "CREATE TABLE t (id int PRIMARY KEY, m money, p price, note text)",
                    "INSERT INTO t VALUES (1, 4321.98, -0.01, 'a'), (2, NULL, 70000000.5, 'b')");

            Map<String, Object> debezium = pg.config(db, "debezium");
            debezium.put("slot_name", "money_locale_debezium");
            try (CdcReader reader = PgTestSupport.reader(debezium, "money_locale", state)) {
                assertThatThrownBy(reader::start).hasStackTraceContaining("lc_monetary de_DE.utf8 writes money as"
                                + " '-1.234.567,89 €', which Debezium's PostgreSQL connector cannot read")
                        .hasStackTraceContaining("public.t.m, public.t.p")
                        .hasStackTraceContaining("ALTER ROLE postgres IN DATABASE " + db + " SET lc_monetary = 'C'")
                        .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("4.321,98", "70.000.000,50"));
            }
            PrerequisiteCheck failed = moneyCheck(debezium).orElseThrow();
            assertThat(failed.outcome()).isEqualTo(PrerequisiteCheck.Outcome.FAIL);
            assertThat(failed.fix()).contains("engine: native");

            Map<String, Object> nativeConfig = pg.config(db, "native");
            nativeConfig.put("slot_name", "money_locale_native");
            PrerequisiteCheck warned = moneyCheck(nativeConfig).orElseThrow();
            assertThat(warned.outcome()).isEqualTo(PrerequisiteCheck.Outcome.WARN);
            assertThat(warned.message()).contains("engine: native does not read", "public.t.m, public.t.p");
            try (CdcReader reader = PgTestSupport.reader(nativeConfig, "money_locale_native", state.resolve("native"))) {
                reader.start();
                List<ChangeEvent> snapshot = new ReaderHarness(reader).pollAtLeast(2, TIMEOUT);
                assertThat(snapshot).allSatisfy(e -> assertThat(e.isUnreadable()).as("not another amount").isTrue());
            }

            // The fix: the toolkit's sessions in the C layout (de_DE has 2 fraction digits too).
            pg.execute(db, "ALTER ROLE postgres IN DATABASE " + db + " SET lc_monetary = 'C'");
            assertThat(moneyCheck(debezium)).isEmpty();
            assertThat(moneyCheck(nativeConfig)).isEmpty();
            Map<Integer, List<BigDecimal>> held = held(pg, db);
            for (Map<String, Object> config : List.of(debezium, nativeConfig)) {
                config.put("slot_name", "money_c_" + config.get("engine"));
                try (CdcReader reader = PgTestSupport.reader(config, "money_c_" + config.get("engine"),
                        state.resolve("c_" + config.get("engine")))) {
                    reader.start();
                    ReaderHarness harness = new ReaderHarness(reader);
                    List<ChangeEvent> snapshot = List.copyOf(harness.pollAtLeast(2, TIMEOUT));
                    harness.clear();
                    pg.execute(db, "INSERT INTO t VALUES (3, -98765.43, 12.3, 'c')");
                    List<ChangeEvent> stream = harness.pollAtLeast(1, TIMEOUT);
                    held = held(pg, db);
                    for (ChangeEvent e : concat(snapshot, stream)) {
                        var row = Envelope.after(e.value());
                        assertThat(row.get("m")).as("%s m of %s", config.get("engine"), row.get("id"))
                                .isEqualTo(held.get((Integer) row.get("id")).get(0));
                        assertThat(row.get("p")).isEqualTo(held.get((Integer) row.get("id")).get(1));
                    }
                    pg.execute(db, "DELETE FROM t WHERE id = 3");
                }
            }
        } finally {
            pg.dropDatabase(db);
        }
    }

    /** The database writes money the German way; the test is skipped where the OS has no such locale. */
    private static void germanMoney(ParityServer pg, String db) throws SQLException {
        try {
            pg.execute(db, "ALTER DATABASE " + db + " SET lc_monetary = 'de_DE.utf8'");
        } catch (SQLException e) {
            Assumptions.abort("the de_DE.UTF-8 locale is not installed for PostgreSQL 15 (.ci/postgres.sh generates"
                    + " it): " + e.getMessage());
        }
    }

    private Optional<PrerequisiteCheck> moneyCheck(Map<String, Object> config) throws Exception {
        return new PostgresSourceFactory().check(PgTestSupport.options(config), ComponentContext.of("money", state))
                .item("money_locale");
    }

    /** Per id, the amounts of m and p as the server holds them ({@code money::numeric}, scale 2 as the field's). */
    private static Map<Integer, List<BigDecimal>> held(ParityServer pg, String db) throws SQLException {
        Map<Integer, List<BigDecimal>> held = new HashMap<>();
        try (Connection c = pg.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, m::numeric(20,2), p::numeric(20,2) FROM t")) {
            while (rs.next()) held.put(rs.getInt(1), java.util.Arrays.asList(rs.getBigDecimal(2), rs.getBigDecimal(3)));
        }
        return held;
    }

    private static List<ChangeEvent> concat(List<ChangeEvent> a, List<ChangeEvent> b) {
        List<ChangeEvent> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
