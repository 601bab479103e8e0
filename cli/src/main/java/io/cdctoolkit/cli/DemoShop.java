package io.cdctoolkit.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;

/**
 * The quickstart's demo database: {@code public.customers} (with the PII columns {@code email},
 * {@code phone}, {@code ssn}) and {@code public.orders} (with {@code card_number}), both with full
 * before-images (REPLICA IDENTITY FULL), created and seeded once; a later run finds them as the last run
 * left them. All personal data is made up: {@code example.com} addresses, 555 phone numbers, SSNs in
 * the 900 range (never issued) and the card networks' published test numbers.
 */
final class DemoShop {

    /** The captured tables. */
    static final List<String> TABLES = List.of("public.customers", "public.orders");

    static final List<String> FIRST = List.of("Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances",
            "John", "Margaret", "Dennis", "Radia", "Ken");
    static final List<String> LAST = List.of("Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen",
            "Backus", "Hamilton", "Ritchie", "Perlman", "Thompson");
    static final List<String> CARDS = List.of("4242424242424242", "4000056655665556", "5555555555554444",
            "2223003122003222", "378282246310005");
    static final List<String> STATUSES = List.of("pending", "paid", "shipped", "delivered");

    private static final int SEED_CUSTOMERS = 8;
    private static final int SEED_ORDERS = 12;

    private DemoShop() {
    }

    /** Creates the tables and seeds them unless they exist; returns whether they were created. */
    static boolean createIfAbsent(Connection c, Random random) throws SQLException {
        try (Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT to_regclass('public.customers') IS NOT NULL")) {
            rs.next();
            if (rs.getBoolean(1)) return false;
        }
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE public.customers (
                      id         bigserial PRIMARY KEY,
                      name       text NOT NULL,
                      email      text NOT NULL,
                      phone      text,
                      ssn        text,
                      tier       text NOT NULL DEFAULT 'standard',
                      created_at timestamptz NOT NULL DEFAULT now())""");
            st.execute("""
                    CREATE TABLE public.orders (
                      id          bigserial PRIMARY KEY,
                      customer_id bigint NOT NULL,
                      status      text NOT NULL,
                      total       numeric(10,2) NOT NULL,
                      card_number text,
                      ordered_at  timestamptz NOT NULL DEFAULT now())""");
            // Updates and deletes then carry the whole old row in `before`, not only the key.
            st.execute("ALTER TABLE public.customers REPLICA IDENTITY FULL");
            st.execute("ALTER TABLE public.orders REPLICA IDENTITY FULL");
            for (int i = 0; i < SEED_CUSTOMERS; i++) insertCustomer(c, random);
            for (int i = 0; i < SEED_ORDERS; i++) insertOrder(c, random, 1 + random.nextInt(SEED_CUSTOMERS));
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        return true;
    }

    static long insertCustomer(Connection c, Random random) throws SQLException {
        String first = FIRST.get(random.nextInt(FIRST.size()));
        String last = LAST.get(random.nextInt(LAST.size()));
        int n = random.nextInt(10_000);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO public.customers (name, email, phone, ssn) VALUES (?, ?, ?, ?) RETURNING id")) {
            ps.setString(1, first + " " + last);
            ps.setString(2, (first + "." + last + n).toLowerCase(java.util.Locale.ROOT) + "@example.com");
            ps.setString(3, String.format("+1-202-555-%04d", random.nextInt(10_000)));
            ps.setString(4, String.format("9%02d-%02d-%04d", random.nextInt(100), 70 + random.nextInt(30),
                    random.nextInt(10_000)));
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void insertOrder(Connection c, Random random, long customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO public.orders (customer_id, status, total, card_number) VALUES (?, 'pending', ?, ?)")) {
            ps.setLong(1, customerId);
            ps.setBigDecimal(2, java.math.BigDecimal.valueOf(500 + random.nextInt(50_000), 2));
            ps.setString(3, CARDS.get(random.nextInt(CARDS.size())));
            ps.executeUpdate();
        }
    }
}
