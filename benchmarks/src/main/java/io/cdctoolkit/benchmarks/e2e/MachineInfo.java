package io.cdctoolkit.benchmarks.e2e;

import org.apache.kafka.common.utils.AppInfoParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Where and with what the numbers were measured (the results header). */
record MachineInfo(int cpus, String cpuModel, String memory, String jdk, String postgres, String debezium,
                   String kafka) {

    static MachineInfo collect(PostgresTarget target) throws SQLException {
        String pgVersion;
        try (Connection c = target.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version()")) {
            rs.next();
            pgVersion = rs.getString(1);
        }
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), procLine("/proc/cpuinfo", "model name"),
                procLine("/proc/meminfo", "MemTotal"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                pgVersion, io.debezium.connector.postgresql.Module.version(), AppInfoParser.getVersion());
    }

    /** The value of the first {@code key: value} line of a /proc file, or "unknown". */
    private static String procLine(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
