package io.cdctoolkit.engine.stage;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.data.Globs;
import io.cdctoolkit.engine.spi.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Follows each delete with a tombstone: the same event (key, topic, position, headers) with a null
 * value, emitted right after the delete, so a compacted Kafka topic can drop the key. The tombstone
 * shares the delete's position, so the position commits only once both are acknowledged.
 *
 * <p>No tombstone is emitted for an event that already is one, for a table matched by
 * {@code exclude_tables}, or for a table without a primary key (a tombstone without a key compacts
 * nothing; it is logged once per table at WARN). Runs on the pipeline thread only.
 */
public final class TombstoneStage implements Stage {

    /** The stage's name in errors, metrics and dead-letter headers. */
    public static final String NAME = "tombstones";

    private static final Logger LOG = LoggerFactory.getLogger(TombstoneStage.class);

    private final boolean emit;
    private final List<Pattern> excluded;
    // Per table, decided once: whether exclude_tables leaves it in; and the keyless tables already warned about.
    private final Map<TableId, Boolean> included = new HashMap<>();
    private final Set<TableId> warnedKeyless = new HashSet<>();

    /** A stage applying {@code settings}; it emits nothing extra unless {@link TombstoneSettings#emitsTombstones()}. */
    public TombstoneStage(TombstoneSettings settings) {
        this.emit = settings.emitsTombstones();
        this.excluded = settings.excludeTables().stream().map(Globs::compile).toList();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(ChangeEvent event, Consumer<ChangeEvent> out) {
        out.accept(event);
        if (!emit || event.op() != Op.DELETE || event.isTombstone()) return;
        if (!included.computeIfAbsent(event.table(), this::notExcluded)) return;
        if (isKeyless(event)) {
            if (warnedKeyless.add(event.table())) {
                LOG.warn("table {} has no primary key: its deletes get no tombstone (a tombstone without a key"
                        + " compacts nothing); add a primary key, or list the table in"
                        + " cdc_features.tombstones.exclude_tables", event.table());
            }
            return;
        }
        out.accept(event.withValue(null));
    }

    private boolean notExcluded(TableId table) {
        String name = qualifiedName(table);
        for (Pattern p : excluded) {
            if (p.matcher(name).matches()) return false;
        }
        return true;
    }

    private static boolean isKeyless(ChangeEvent event) {
        return event.key() == null || event.key().schema().size() == 0;
    }

    /** {@code schema.table}, or {@code database.table} when the table has no schema, or {@code table} alone. */
    static String qualifiedName(TableId table) {
        String parent = table.schema() != null ? table.schema() : table.database();
        return parent == null ? table.table() : parent + "." + table.table();
    }
}
