package io.cdctoolkit.engine.stage;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.data.Globs;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.OptionValidator;
import io.cdctoolkit.engine.spi.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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

    /** Whether {@code settings} give {@code table}'s deletes tombstones: emitting, and the table not excluded. */
    public static boolean covers(TombstoneSettings settings, TableId table) {
        return settings.emitsTombstones() && new TombstoneStage(settings).notExcluded(table);
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

    /**
     * What {@code check} says of these settings against the tables' event shapes (as the transforms leave them),
     * before any delete: an {@code exclude_tables} glob that matches none of the tables (a misspelt name leaves that
     * table's tombstones on, silently), and a table whose events have no key (its deletes get no tombstone, which a
     * run only logs at its first delete).
     *
     * @param keyPath where the settings are, e.g. {@code sources.pg.config.cdc_features.tombstones}
     */
    public static List<ConfigProblem> review(TombstoneSettings settings, String keyPath, List<EventShape> shapes) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (!settings.emitsTombstones()) return problems;
        Set<String> names = new LinkedHashSet<>();
        shapes.forEach(s -> names.add(qualifiedName(s.table())));
        List<Pattern> excluded = new ArrayList<>();
        for (int i = 0; i < settings.excludeTables().size(); i++) {
            String glob = settings.excludeTables().get(i);
            Pattern pattern = Globs.compile(glob);
            excluded.add(pattern);
            if (names.stream().noneMatch(n -> pattern.matcher(n).matches())) {
                String closest = OptionValidator.closest(glob, names);
                problems.add(new ConfigProblem(keyPath + ".exclude_tables[" + i + "]", "'" + glob + "' matches none of"
                        + " the " + names.size() + " table(s) checked (globs match schema.table, or database.table"
                        + " without a schema)", closest == null ? null : "did you mean " + closest));
            }
        }
        Set<TableId> keyless = new LinkedHashSet<>();
        for (EventShape shape : shapes) {
            String name = qualifiedName(shape.table());
            if (shape.isTombstone() || excluded.stream().anyMatch(p -> p.matcher(name).matches())) continue;
            if (shape.key() == null || shape.key().size() == 0) keyless.add(shape.table());
        }
        for (TableId table : keyless) {
            problems.add(new ConfigProblem(keyPath, "table " + table + " has no key: its deletes get no tombstone (one"
                    + " without a key compacts nothing)", "add a primary key (or a unique key with value_to_key), or"
                    + " list it in exclude_tables"));
        }
        return problems;
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
