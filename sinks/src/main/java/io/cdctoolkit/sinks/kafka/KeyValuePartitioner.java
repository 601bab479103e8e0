package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.SinkRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.utils.Utils;

import java.util.List;
import java.util.function.Function;

/**
 * {@code partitioner: key_value}: the partition of a keyed record is
 * {@code toPositive(murmur2(canonicalKey)) % partitionCount} — Kafka's own key-bytes formula
 * ({@code BuiltInPartitioner.partitionForKey}) applied to the {@link CanonicalKey canonical key value}
 * instead of the encoded key bytes, so a consumer tool in any language can recompute it, and a key
 * stays on its partition when its encoding changes (JSON → Avro, a new key schema id in the bytes).
 *
 * <p>In the {@code disabled} (plain JSON) mode the key bytes <em>are</em> the canonical value, so this
 * gives the same partitions as Kafka's default there: a pipeline moving from plain JSON to a registry
 * format keeps every key where it was.
 *
 * <p>The partition count is the producer's current metadata for the topic (the view Kafka's own
 * partitioner uses for each record: cached by the producer, refreshed every
 * {@code metadata.max.age.ms} and whenever it is found stale), so a topic that grows is seen as the
 * producer sees it — and, as with any Kafka partitioner, adding partitions moves keys.
 */
final class KeyValuePartitioner {

    private final CanonicalKey canonical = new CanonicalKey();
    private final Function<String, List<PartitionInfo>> partitionsFor;

    /** @param partitionsFor the producer's {@code partitionsFor} (its cached metadata; waits only for an unknown topic) */
    KeyValuePartitioner(Function<String, List<PartitionInfo>> partitionsFor) {
        this.partitionsFor = partitionsFor;
    }

    /**
     * The partition for {@code record}, or null to leave it to Kafka: a record without key bytes
     * (Kafka's sticky partitioner, as always), without an event or key row (nothing canonical to hash),
     * or not written to its event's own topic — a dead-letter record, which keeps Kafka's key-bytes
     * partitioning.
     *
     * @throws InvalidDataException when a key value does not match its field type (a stage's bug)
     */
    Integer partition(SinkRecord record) throws InvalidDataException {
        ChangeEvent event = record.event();
        if (record.key() == null || event == null || event.key() == null || record.isDeadLetter()) {
            return null;
        }
        byte[] key;
        try {
            key = canonical.bytes(event.key());
        } catch (RuntimeException e) {
            throw new InvalidDataException(SendErrors.STAGE, event.table(), null, "cannot render the key of the"
                    + " record for topic '" + record.topic() + "' to pick its partition (partitioner: key_value): "
                    + e.getMessage(), e);
        }
        return partition(key, partitionsFor.apply(record.topic()).size());
    }

    /** The documented formula: Kafka's murmur2 of {@code canonicalKey}, made positive, modulo the partitions. */
    static int partition(byte[] canonicalKey, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(canonicalKey)) % partitionCount;
    }
}
