package io.cdctoolkit.engine.source.mysql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the binlog position a MariaDB source's saved offset resumes from has been purged from the server (binlogs
 * expired, or {@code PURGE BINARY LOGS}, while the source was stopped or behind). Debezium's MariaDB connector cannot
 * tell: it compares the offset's GTIDs with the server's purged GTIDs, which MariaDB does not report (its
 * {@code purgedGtidSet} is empty), so {@code snapshot_mode: when_needed} never took the new snapshot it promises, and
 * every mode stopped at streaming with the server's "Could not find GTID state requested by slave in any binlog
 * files".
 *
 * <p>With GTIDs in the offset, the oldest binlog's {@code Gtid_list} event says which GTIDs are gone: the last one
 * of each replication domain written before that file. The position is purged when, for a domain both name, that
 * GTID's sequence number is past the offset's — the next transaction the source needs is in a purged file. (File
 * names are not compared then: after a fail-over the same GTIDs live in other files.) Without GTIDs, the offset's
 * file must still be listed by {@code SHOW BINARY LOGS}.
 */
record PurgedResumePosition(String resumeFile, String resumeGtids, String oldestFile, String oldestGtidList) {

    /** The position {@code offset} (Debezium's binlog offset: {@code file}, {@code pos}, {@code gtids}) resumes from, if purged. */
    static Optional<PurgedResumePosition> of(Connection connection, Map<String, ?> offset) throws SQLException {
        Object file = offset.get("file");
        if (!(file instanceof String resumeFile) || resumeFile.isBlank()) return Optional.empty();
        String gtids = offset.get("gtids") instanceof String g && !g.isBlank() ? g : null;
        List<String> binlogs = binlogs(connection);
        if (binlogs.isEmpty()) return Optional.empty(); // binary logging is off: the checks say so
        String oldest = binlogs.get(0);
        if (gtids == null) {
            return binlogs.contains(resumeFile) ? Optional.empty()
                    : Optional.of(new PurgedResumePosition(resumeFile, null, oldest, null));
        }
        String gtidList = gtidList(connection, oldest);
        if (gtidList == null || !purgedPast(gtidList, gtids)) return Optional.empty();
        return Optional.of(new PurgedResumePosition(resumeFile, gtids, oldest, gtidList));
    }

    /**
     * Whether the GTIDs {@code purgedUpTo} (the last of each domain before the oldest binlog) go past the GTIDs
     * {@code resumeAfter} (the last the source delivered, per domain) in a domain both name.
     */
    static boolean purgedPast(String purgedUpTo, String resumeAfter) {
        Map<Long, Long> resume = sequenceByDomain(resumeAfter);
        for (Map.Entry<Long, Long> purged : sequenceByDomain(purgedUpTo).entrySet()) {
            Long delivered = resume.get(purged.getKey());
            if (delivered != null && Long.compareUnsigned(purged.getValue(), delivered) > 0) return true;
        }
        return false;
    }

    /** MariaDB GTIDs ({@code domain-server-sequence}, comma-separated, in brackets or not): the highest sequence of each domain. */
    static Map<Long, Long> sequenceByDomain(String gtids) {
        Map<Long, Long> sequences = new LinkedHashMap<>();
        for (String gtid : gtids.replace("[", "").replace("]", "").split(",")) {
            String[] parts = gtid.trim().split("-");
            if (parts.length != 3) continue;
            long sequence = Long.parseUnsignedLong(parts[2]);
            sequences.merge(Long.parseUnsignedLong(parts[0]), sequence,
                    (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
        }
        return sequences;
    }

    /** What the log says: where the source would resume, and what the server still has. */
    String describe() {
        return "the binlog position the source resumes from (" + resumeFile + (resumeGtids == null ? "" : ", GTIDs " + resumeGtids)
                + ") has been purged from the server, whose oldest binlog is " + oldestFile
                + (oldestGtidList == null ? "" : " (it follows GTIDs " + oldestGtidList + ")")
                + ": the changes made in between cannot be read any more";
    }

    private static List<String> binlogs(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }

    /** The {@code Gtid_list} event's GTIDs at the start of {@code binlog} (e.g. {@code [0-1-1908]}); null when none. */
    private static String gtidList(Connection connection, String binlog) throws SQLException {
        String sql = "SHOW BINLOG EVENTS IN '" + binlog.replace("'", "''") + "' LIMIT 4";
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                if ("Gtid_list".equals(rs.getString("Event_type"))) return rs.getString("Info");
            }
        }
        return null;
    }
}
