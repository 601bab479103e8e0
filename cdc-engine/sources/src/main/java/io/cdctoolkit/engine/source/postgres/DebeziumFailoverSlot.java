package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.source.postgres.pgoutput.FailoverSlot;
import io.cdctoolkit.engine.source.postgres.pgoutput.ReplicationConnection;
import io.cdctoolkit.engine.source.postgres.pgoutput.SlotHolder;
import io.cdctoolkit.engine.spi.FatalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code slot_failover} with the Debezium engine, before it starts: Debezium's {@code slot.failover} only applies when
 * it creates the slot, and on a server without failover slots it logs a WARN and creates an ordinary one. Here a
 * server that cannot have one stops the start (as with the native engine), and an existing slot is made a failover
 * slot ({@link FailoverSlot}).
 */
final class DebeziumFailoverSlot {

    private static final Logger LOG = LoggerFactory.getLogger(DebeziumFailoverSlot.class);
    /** How long a slot still held by a previous reader's server process (after a kill -9) is waited for. */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(30);

    private DebeziumFailoverSlot() {
    }

    /** Stops the start on a server without failover slots; makes slot {@code slot} one when it exists without. */
    static void prepare(Jdbc jdbc, String slot, String source) throws Exception {
        boolean alter = jdbc.run("checking slot_failover", c -> {
            String unsupported = FailoverSlot.unsupported(c);
            if (unsupported != null) {
                throw new FatalException(source + ": slot_failover: " + unsupported + "; " + FailoverSlot.unsupportedRemedy());
            }
            List<String> missing = FailoverSlot.missingStandbySlots(c);
            if (!missing.isEmpty()) {
                LOG.warn("{}: {}: {}", source, FailoverSlot.heldBack(missing), FailoverSlot.heldBackRemedy());
            }
            if (!FailoverSlot.existsWithout(c, slot)) return false;
            awaitReleased(c, slot, source);
            return true;
        });
        if (!alter) return;
        LOG.info("{}: making replication slot {} a failover slot (slot_failover)", source, slot);
        Jdbc replication = jdbc;
        for (Map.Entry<String, String> property : ReplicationConnection.DRIVER_PROPERTIES.entrySet()) {
            replication = replication.with(property.getKey(), property.getValue());
        }
        replication.run("altering replication slot " + slot, c -> {
            FailoverSlot.alter(c, slot);
            return null;
        });
    }

    private static void awaitReleased(Connection c, String slot, String source) throws java.sql.SQLException {
        try {
            SlotHolder.awaitReleased(c, slot, source, RELEASE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalException(source + ": interrupted while waiting for replication slot " + slot, e);
        }
    }
}
