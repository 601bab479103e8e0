package io.cdctoolkit.benchmarks.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The CPU time of the PostgreSQL walsender serving the run's replication slot (streaming workload), so
 * that the report shows how busy the server's side of the stream was: a walsender near one whole core is
 * the ceiling for every reader, whatever it does with the changes. Readable only when PostgreSQL runs on
 * this machine (the embedded server, or {@code --postgres} on localhost): the slot's {@code active_pid} is
 * looked up on first use, and it must be a {@code postgres} process here; otherwise -1.
 */
final class WalsenderCpu implements ProcessCpu, AutoCloseable {

    private final Connection connection;
    private final String slot;
    private long pid;

    WalsenderCpu(PostgresTarget postgres, String slot) throws SQLException {
        this.connection = postgres.connect();
        this.slot = slot;
    }

    @Override
    public long cpuNanos() {
        if (pid == 0) pid = lookUp();
        return pid < 0 ? -1 : ProcessCpu.ofPid(pid);
    }

    private long lookUp() {
        try (PreparedStatement st = connection.prepareStatement("SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
            st.setString(1, slot);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next() || rs.getObject(1) == null) return -1;
                long active = rs.getLong(1);
                boolean local = ProcessHandle.of(active).flatMap(p -> p.info().command())
                        .map(c -> c.endsWith("/postgres") || c.equals("postgres")).orElse(false);
                return local ? active : -1;
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
