package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.postgresql.util.PGmoney;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How the source's sessions write {@code money}: PostgreSQL formats it by {@code lc_monetary} (the database's or the
 * role's), and both engines read only some layouts. The native engine reads the C and {@code en_US} layout
 * ({@code -$1,234,567.89}); any other value is an unreadable event. Debezium's PostgreSQL connector reads every value
 * through pgjdbc's {@code PGmoney} — which drops the first character (the currency symbol) and the commas — and
 * otherwise fails: its snapshot retries and stops, its stream stops at the first change, each time logging the
 * value. Two amounts written by the server ({@code ±1234567.89}, rounded to the locale's fraction digits) are read
 * as each engine reads them and compared with the server's own {@code money::numeric}.
 *
 * @param lcMonetary     the sessions' {@code lc_monetary}
 * @param written        how they write {@code -1234567.89}
 * @param fractionDigits the layout's fraction digits ({@code money::numeric}'s scale)
 * @param nativeReads    whether the native engine reads the layout's amounts as the server holds them
 * @param debeziumReads  whether Debezium's connector does
 */
public record MoneyLayout(String lcMonetary, String written, int fractionDigits, boolean nativeReads,
                          boolean debeziumReads) {

    private static final String SAMPLES = """
            SELECT current_setting('lc_monetary'), m::text, m::numeric, scale(m::numeric)
            FROM (VALUES ((-1234567.89)::money), ((1234567.89)::money)) AS s(m)""";

    /** How the sessions of {@code sql}'s database and role write money. */
    public static MoneyLayout read(Connection sql) throws SQLException {
        String lcMonetary = null;
        String written = null;
        int fractionDigits = 2;
        boolean nativeReads = true;
        boolean debeziumReads = true;
        try (PreparedStatement st = sql.prepareStatement(SAMPLES); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                lcMonetary = rs.getString(1);
                String text = rs.getString(2);
                BigDecimal amount = rs.getBigDecimal(3);
                if (written == null) written = text;
                fractionDigits = rs.getInt(4);
                nativeReads &= readsAs(() -> PgExtraValues.money(text), amount);
                debeziumReads &= readsAs(() -> BigDecimal.valueOf(debeziumMoney(text)), amount);
            }
        }
        return new MoneyLayout(lcMonetary, written, fractionDigits, nativeReads, debeziumReads);
    }

    /** Debezium's reading of a money text (its AbstractColumnValue.asMoney, and its snapshot's the same way). */
    private static double debeziumMoney(String text) throws SQLException {
        return new PGmoney(text.startsWith("-") ? "(" + text.substring(1) + ")" : text).val;
    }

    @FunctionalInterface
    private interface Reading {
        BigDecimal read() throws Exception;
    }

    private static boolean readsAs(Reading reading, BigDecimal amount) {
        try {
            return reading.read().compareTo(amount) == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Whether the engine reads the layout's amounts. */
    public boolean reads(boolean debeziumEngine) {
        return debeziumEngine ? debeziumReads : nativeReads;
    }

    /** Why the engine cannot read the money columns (named by {@code columns}). */
    public String problem(boolean debeziumEngine, String columns) {
        return "lc_monetary " + lcMonetary + " writes money as '" + written + "', which "
                + (debeziumEngine ? "Debezium's PostgreSQL connector cannot read (its snapshot retries and stops, its"
                        + " stream stops at the first change, each time logging the value)"
                        : "engine: native does not read (each of their values makes its event unreadable)")
                + "; money column(s): " + columns;
    }

    /**
     * The way out: the toolkit's own sessions in the C layout when it has as many fraction digits (the same amounts), or
     * numeric columns.
     */
    public String fix(String user, String database) {
        String numeric = "store the amounts as numeric (ALTER TABLE … ALTER COLUMN … TYPE numeric(20,2) USING …::numeric)";
        if (fractionDigits != 2) return numeric + " (lc_monetary " + lcMonetary + " has " + fractionDigits
                + " fraction digits, the C layout 2: setting it for the toolkit would change the amounts)";
        return "ALTER ROLE " + user + " IN DATABASE " + database + " SET lc_monetary = 'C'; (the toolkit's sessions then"
                + " write the same amounts as $1,234.56), or " + numeric;
    }
}
