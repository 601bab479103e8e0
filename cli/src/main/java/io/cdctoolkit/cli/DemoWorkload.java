package io.cdctoolkit.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The quickstart's background workload on {@link DemoShop}: a few transactions a second, each one
 * change — new customers and orders, orders moving through their statuses, customers changing phone or
 * tier, cancelled orders deleted, customers without orders deleted — so every kind of change event
 * reaches the pipeline. Counts what it committed, per kind, for the summary.
 */
final class DemoWorkload implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoWorkload.class);

    /** What one transaction changed. */
    enum Change {
        CUSTOMER_INSERT("customers", "insert"), CUSTOMER_UPDATE("customers", "update"), CUSTOMER_DELETE("customers", "delete"),
        ORDER_INSERT("orders", "insert"), ORDER_UPDATE("orders", "update"), ORDER_DELETE("orders", "delete");

        final String table;
        final String op;

        Change(String table, String op) {
            this.table = table;
            this.op = op;
        }
    }

    private final Supplier<Connection> connections;
    private final long pauseMillis;
    private final Random random;
    private final Map<Change, AtomicLong> committed = new EnumMap<>(Change.class);
    private volatile boolean stopped;

    /**
     * @param connections      opens a connection to the demo database
     * @param changesPerSecond how many transactions to commit per second
     * @param seed             seed of the choices (the same sequence of kinds every run)
     */
    DemoWorkload(Supplier<Connection> connections, int changesPerSecond, long seed) {
        this.connections = connections;
        this.pauseMillis = 1000L / Math.max(1, changesPerSecond);
        this.random = new Random(seed);
        for (Change c : Change.values()) committed.put(c, new AtomicLong());
    }

    void stop() {
        stopped = true;
    }

    /** Transactions committed so far, per kind of change. */
    long committed(Change change) {
        return committed.get(change).get();
    }

    @Override
    public void run() {
        try (Connection c = connections.get()) {
            while (!stopped) {
                Change done = step(c);
                if (done != null) committed.get(done).incrementAndGet();
                Thread.sleep(pauseMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            // The database stopping under the workload at the end of the run is expected.
            if (!stopped) LOG.warn("the demo workload stopped: {}", e.getMessage());
        }
    }

    /** One transaction; null when its kind had nothing to act on (no order to ship, say). */
    private Change step(Connection c) throws SQLException {
        int dice = random.nextInt(100);
        if (dice < 35) {
            DemoShop.insertOrder(c, random, pick(c, "SELECT id FROM public.customers ORDER BY random() LIMIT 1"));
            return Change.ORDER_INSERT;
        } else if (dice < 60) {
            return update(c, """
                    UPDATE public.orders SET status = CASE status WHEN 'pending' THEN 'paid' WHEN 'paid' THEN 'shipped'
                      ELSE 'delivered' END
                    WHERE id = (SELECT id FROM public.orders WHERE status <> 'delivered' ORDER BY random() LIMIT 1)""")
                    ? Change.ORDER_UPDATE : null;
        } else if (dice < 75) {
            DemoShop.insertCustomer(c, random);
            return Change.CUSTOMER_INSERT;
        } else if (dice < 87) {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE public.customers SET phone = ?, tier = CASE tier WHEN 'standard' THEN 'gold' ELSE 'standard' END
                    WHERE id = (SELECT id FROM public.customers ORDER BY random() LIMIT 1)""")) {
                ps.setString(1, String.format("+1-202-555-%04d", random.nextInt(10_000)));
                return ps.executeUpdate() > 0 ? Change.CUSTOMER_UPDATE : null;
            }
        } else if (dice < 96) {
            return update(c, "DELETE FROM public.orders WHERE id = (SELECT id FROM public.orders "
                    + "WHERE status IN ('pending', 'paid') ORDER BY random() LIMIT 1)") ? Change.ORDER_DELETE : null;
        } else {
            return update(c, "DELETE FROM public.customers WHERE id = (SELECT c.id FROM public.customers c "
                    + "WHERE NOT EXISTS (SELECT 1 FROM public.orders o WHERE o.customer_id = c.id) ORDER BY random() LIMIT 1)")
                    ? Change.CUSTOMER_DELETE : null;
        }
    }

    private static boolean update(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            return st.executeUpdate(sql) > 0;
        }
    }

    /** The id the query returns, or a new customer's when there is none. */
    private long pick(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : DemoShop.insertCustomer(c, random);
        }
    }
}
