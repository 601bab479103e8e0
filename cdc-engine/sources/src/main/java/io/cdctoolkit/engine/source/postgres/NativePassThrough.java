package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.EngineProperties;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Options;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code debezium:} pass-through block under {@code engine: native}: only
 * {@code skipped.operations} is read, with Debezium's meaning, so a config moves between the engines
 * unchanged; any other key is refused (it would silently do nothing), naming its path.
 */
final class NativePassThrough {

    static final String SKIPPED_OPERATIONS = "skipped.operations";
    /** Debezium's default: truncates are skipped. */
    private static final Set<Op> DEFAULT_SKIPPED = EnumSet.of(Op.TRUNCATE);

    private NativePassThrough() {
    }

    /**
     * The streamed operations not to emit: Debezium's {@code skipped.operations} (a comma-separated or
     * YAML list of {@code c}, {@code u}, {@code d}, {@code t}, {@code r}, or {@code none}), truncates
     * when unset, as Debezium.
     *
     * @throws ConfigException for any other key of the block, or a value Debezium would refuse
     */
    static Set<Op> skippedOperations(Options options) throws ConfigException {
        Map<String, String> block = new TreeMap<>();
        EngineProperties.flatten("", options.map("debezium"), block);
        for (String key : block.keySet()) {
            if (!SKIPPED_OPERATIONS.equals(key)) {
                throw new ConfigException(options.keyPath() + ".debezium." + key, "engine: native reads only "
                        + SKIPPED_OPERATIONS + " from the debezium: pass-through block; " + key + " would have no effect",
                        "remove " + key + ", or use engine: debezium");
            }
        }
        String value = block.get(SKIPPED_OPERATIONS);
        return value == null ? DEFAULT_SKIPPED : parse(options.keyPath() + ".debezium." + SKIPPED_OPERATIONS, value);
    }

    /**
     * As Debezium's {@code CommonConnectorConfig} validates and reads the value: codes as written
     * (lower case), {@code none} alone. {@code r} is accepted and, as with Debezium, has no effect
     * (skipping applies to streamed changes; the snapshot is not filtered).
     */
    static Set<Op> parse(String keyPath, String value) throws ConfigException {
        Set<Op> ops = EnumSet.noneOf(Op.class);
        boolean none = false;
        for (String code : value.split(",", -1)) {
            String c = code.trim();
            if ("none".equals(c)) {
                none = true;
            } else {
                ops.add(op(keyPath, c));
            }
        }
        if (none && !ops.isEmpty()) {
            throw new ConfigException(keyPath, "'none' cannot be given with other operations (" + value + ")",
                    "use none alone, or a list of c, u, d, t");
        }
        return ops;
    }

    private static Op op(String keyPath, String code) throws ConfigException {
        for (Op op : Op.values()) if (op != Op.MESSAGE && op != Op.TRANSACTION && op.code().equals(code)) return op;
        throw new ConfigException(keyPath, "invalid operation '" + code + "'",
                "use none, or a comma-separated list of c (create), u (update), d (delete), t (truncate)");
    }
}
