package io.cdctoolkit.engine.source.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Bridges the JMX metrics Debezium's connector registers (its streaming and snapshot MBeans, named by
 * the connector's {@code topic.prefix}) to Micrometer gauges tagged {@code source}: whether it is
 * connected, whether a snapshot runs, how far a snapshot got, and for binlog connectors the binlog
 * position. Read only when scraped; NaN while the MBean is not there (before start, after close).
 * Debezium has no Micrometer binding of its own, and its JMX names are its documented monitoring
 * interface, so reading them is how to get at this without reaching into the running task.
 */
public final class DebeziumMBeanGauges {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final String topicPrefix;

    private DebeziumMBeanGauges(String topicPrefix) {
        this.topicPrefix = topicPrefix;
    }

    /**
     * Registers the gauges of the source named {@code source} whose Debezium {@code topic.prefix} is
     * {@code topicPrefix}; {@code binlog} adds the binlog position of MySQL and MariaDB.
     */
    public static void register(MeterRegistry registry, String source, String topicPrefix, boolean binlog) {
        DebeziumMBeanGauges mbeans = new DebeziumMBeanGauges(topicPrefix);
        Tags tags = Tags.of("source", source);
        gauge(registry, "cdc.source.connected", "1 while the connector is connected to the database and streaming",
                tags, mbeans, m -> m.bool("streaming", "Connected"));
        gauge(registry, "cdc.source.snapshot.running", "1 while the initial (or an ad hoc) snapshot runs",
                tags, mbeans, m -> m.bool("snapshot", "SnapshotRunning"));
        gauge(registry, "cdc.source.snapshot.tables.remaining", "Tables the running snapshot has still to read",
                tags, mbeans, m -> m.number("snapshot", "RemainingTableCount"));
        gauge(registry, "cdc.source.snapshot.tables.total", "Tables the snapshot reads",
                tags, mbeans, m -> m.number("snapshot", "TotalTableCount"));
        if (binlog) {
            gauge(registry, "cdc.binlog.position", "Position within the binlog file the connector reads",
                    tags, mbeans, m -> m.number("streaming", "BinlogPosition"));
            gauge(registry, "cdc.binlog.file.sequence",
                    "Sequence number of the binlog file the connector reads (the digits of mysql-bin.000042)",
                    tags, mbeans, DebeziumMBeanGauges::binlogFileSequence);
        }
    }

    private static void gauge(MeterRegistry registry, String name, String description, Tags tags,
                              DebeziumMBeanGauges mbeans, ToDoubleFunction<DebeziumMBeanGauges> read) {
        Gauge.builder(name, mbeans, read).description(description).tags(tags).strongReference(true)
                .register(registry);
    }

    private double bool(String context, String attribute) {
        Object value = attribute(context, attribute);
        return value instanceof Boolean b ? (b ? 1 : 0) : Double.NaN;
    }

    private double number(String context, String attribute) {
        Object value = attribute(context, attribute);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private double binlogFileSequence() {
        Object value = attribute("streaming", "BinlogFilename");
        if (!(value instanceof String file) || file.lastIndexOf('.') < 0) return Double.NaN;
        try {
            return Long.parseLong(file.substring(file.lastIndexOf('.') + 1));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private Object attribute(String context, String attribute) {
        try {
            // Any connector's domain (debezium.postgres, debezium.mysql, ...); some add a task key.
            Set<ObjectName> names = server.queryNames(new ObjectName("debezium.*:type=connector-metrics,context="
                    + context + ",server=" + topicPrefix + ",*"), null);
            for (ObjectName name : names) {
                return server.getAttribute(name, attribute);
            }
            return null;
        } catch (MalformedObjectNameException e) {
            return null;
        } catch (Exception e) {
            // Gone between query and read (the engine stopping), or no such attribute: unknown now.
            return null;
        }
    }
}
