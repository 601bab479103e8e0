package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder fed real pgoutput bytes: the server's own output for a known workload, read with
 * {@code pg_logical_slot_peek_binary_changes}; the expected values come from the workload's SQL and
 * the server's catalog, not from the decoder.
 */
class PgOutputDecoderTest {

    @Test
    void decodesTheServersMessagesForInsertUpdateDeleteAndTruncate() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_native_decoder");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, name text, note text DEFAULT 'd')",
                "CREATE PUBLICATION dec_pub FOR TABLE t",
                "SELECT pg_create_logical_replication_slot('dec_slot', 'pgoutput')",
                "INSERT INTO t (id, name, note) VALUES (1, 'a b', NULL)",
                "INSERT INTO t (id, name) VALUES (2, 'x')",
                "UPDATE t SET id = 3 WHERE id = 2",
                "DELETE FROM t WHERE id = 1",
                "TRUNCATE t");
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            long tableOid;
            try (ResultSet rs = st.executeQuery("SELECT 't'::regclass::oid")) {
                rs.next();
                tableOid = rs.getLong(1);
            }
            List<PgOutputMessage> messages = new ArrayList<>();
            List<Long> xids = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT xid::text::bigint, data FROM pg_logical_slot_peek_binary_changes("
                    + "'dec_slot', NULL, NULL, 'proto_version', '1', 'publication_names', 'dec_pub')")) {
                while (rs.next()) {
                    xids.add(rs.getLong(1));
                    messages.add(PgOutputDecoder.decode(ByteBuffer.wrap(rs.getBytes(2))));
                }
            }
            st.execute("SELECT pg_drop_replication_slot('dec_slot')");

            // Five transactions: Begin, (Relation,) change, Commit each.
            assertThat(messages).filteredOn(m -> m instanceof PgOutputMessage.Begin).hasSize(5);
            assertThat(messages).filteredOn(m -> m instanceof PgOutputMessage.Commit).hasSize(5);
            PgOutputMessage.Begin begin = (PgOutputMessage.Begin) messages.get(0);
            assertThat(begin.xid()).isEqualTo(xids.get(0));

            PgOutputMessage.Relation relation = (PgOutputMessage.Relation) messages.get(1);
            assertThat(relation.oid()).isEqualTo((int) tableOid);
            assertThat(relation.namespace()).isEqualTo("public");
            assertThat(relation.name()).isEqualTo("t");
            assertThat(relation.replicaIdentity()).isEqualTo('d');
            assertThat(relation.columns()).extracting(PgOutputMessage.Relation.Column::name).containsExactly("id", "name", "note");
            assertThat(relation.columns()).extracting(PgOutputMessage.Relation.Column::typeOid)
                    .containsExactly(PgTextTypes.INT4, PgTextTypes.TEXT, PgTextTypes.TEXT);
            assertThat(relation.columns()).extracting(PgOutputMessage.Relation.Column::identity).containsExactly(true, false, false);

            PgOutputMessage.Insert first = (PgOutputMessage.Insert) messages.get(2);
            assertThat(first.relationOid()).isEqualTo((int) tableOid);
            assertThat(texts(first.after())).containsExactly("1", "a b", null);
            assertThat(first.after().kinds()[2]).isEqualTo(TupleData.NULL);
            PgOutputMessage.Commit commit = (PgOutputMessage.Commit) messages.get(3);
            assertThat(Long.compareUnsigned(commit.endLsn(), commit.commitLsn())).isPositive();
            assertThat(commit.commitLsn()).isEqualTo(begin.finalLsn());

            List<PgOutputMessage> changes = messages.stream()
                    .filter(m -> !(m instanceof PgOutputMessage.Begin || m instanceof PgOutputMessage.Commit
                            || m instanceof PgOutputMessage.Relation)).toList();
            assertThat(texts(((PgOutputMessage.Insert) changes.get(1)).after())).containsExactly("2", "x", "d");
            PgOutputMessage.Update update = (PgOutputMessage.Update) changes.get(2);
            assertThat(update.oldKind()).isEqualTo('K'); // the key changed: the old key is sent
            assertThat(texts(update.before())).containsExactly("2", null, null);
            assertThat(texts(update.after())).containsExactly("3", "x", "d");
            PgOutputMessage.Delete delete = (PgOutputMessage.Delete) changes.get(3);
            assertThat(delete.oldKind()).isEqualTo('K');
            assertThat(texts(delete.before())).containsExactly("1", null, null);
            PgOutputMessage.Truncate truncate = (PgOutputMessage.Truncate) changes.get(4);
            assertThat(truncate.relationOids()).containsExactly((int) tableOid);
        }
    }

    /**
     * TRUNCATE of several relations: the server sends one message naming each published relation, in the
     * statement's order, with CASCADE (bit 1) and RESTART IDENTITY (bit 2); a relation reached only by
     * CASCADE is named too. Expected oids come from the catalog, options from the statements.
     */
    @Test
    void decodesTruncateOfSeveralRelationsWithCascadeAndRestartIdentity() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_native_decoder_truncate");
        pg.execute(db, "CREATE TABLE parent (id serial PRIMARY KEY)",
                "CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id))",
                "CREATE TABLE other (id int PRIMARY KEY)",
                "CREATE PUBLICATION trunc_pub FOR TABLE parent, child, other",
                "SELECT pg_create_logical_replication_slot('trunc_slot', 'pgoutput')",
                "TRUNCATE other, child",
                "TRUNCATE parent, other RESTART IDENTITY CASCADE",
                "TRUNCATE child CONTINUE IDENTITY RESTRICT");
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            int parent = oid(st, "parent");
            int child = oid(st, "child");
            int other = oid(st, "other");
            List<PgOutputMessage.Truncate> truncates = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT data FROM pg_logical_slot_peek_binary_changes("
                    + "'trunc_slot', NULL, NULL, 'proto_version', '1', 'publication_names', 'trunc_pub')")) {
                while (rs.next()) {
                    if (PgOutputDecoder.decode(ByteBuffer.wrap(rs.getBytes(1))) instanceof PgOutputMessage.Truncate t) {
                        truncates.add(t);
                    }
                }
            }
            st.execute("SELECT pg_drop_replication_slot('trunc_slot')");

            assertThat(truncates).hasSize(3);
            assertThat(truncates.get(0).relationOids()).containsExactly(other, child);
            assertThat(truncates.get(0).options()).isZero();
            // CASCADE adds child, which references parent, after the named relations.
            assertThat(truncates.get(1).relationOids()).containsExactly(parent, other, child);
            assertThat(truncates.get(1).options()).isEqualTo(1 | 2);
            assertThat(truncates.get(2).relationOids()).containsExactly(child);
            assertThat(truncates.get(2).options()).isZero();
        }
    }

    private static int oid(Statement st, String table) throws Exception {
        try (ResultSet rs = st.executeQuery("SELECT '" + table + "'::regclass::oid")) {
            rs.next();
            return (int) rs.getLong(1);
        }
    }

    private static List<String> texts(TupleData tuple) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tuple.size(); i++) {
            out.add(tuple.kinds()[i] == TupleData.TEXT ? new String(tuple.values()[i], StandardCharsets.UTF_8) : null);
        }
        return out;
    }
}
