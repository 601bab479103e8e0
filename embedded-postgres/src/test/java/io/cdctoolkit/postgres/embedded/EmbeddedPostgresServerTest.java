package io.cdctoolkit.postgres.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The quickstart's server: logical decoding and durable commits on, its data kept from one start to the next, a taken
 * port named.
 */
class EmbeddedPostgresServerTest {

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void a_second_start_over_the_same_folder_finds_the_database_rows_and_replication_slot_of_the_first() throws Exception {
        int port = freePort();
        Path data = dir.resolve("postgres");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, port, Map.of())) {
            assertThat(server.createDatabaseIfAbsent("shop")).isTrue();
            assertThat(server.createDatabaseIfAbsent("shop")).isFalse();
            try (Connection c = server.connect("shop"); Statement st = c.createStatement()) {
                assertThat(setting(st, "wal_level")).isEqualTo("logical");
                // zonky's launcher turns both off; the kept data folder and prompt change delivery need them on.
                assertThat(setting(st, "fsync")).isEqualTo("on");
                assertThat(setting(st, "synchronous_commit")).isEqualTo("on");
                st.execute("CREATE TABLE t (id int PRIMARY KEY, email text)");
                st.execute("INSERT INTO t VALUES (1, 'a@example.com')");
                st.execute("SELECT pg_create_logical_replication_slot('kept', 'pgoutput')");
            }
        }
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data, port, Map.of());
             Connection c = again.connect("shop"); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT email FROM t WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("a@example.com");
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'kept'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    private static String setting(Statement st, String name) throws Exception {
        try (ResultSet rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void a_port_another_process_holds_is_refused_naming_the_port() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dir.resolve("pg"), port, Map.of()))
                    .isInstanceOf(EmbeddedPostgresException.class)
                    .hasMessageContaining("port " + port);
        }
    }
}
