package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.spi.PrerequisiteCheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check}'s {@code replica_identity} lines, one per captured table — unless many tables get the same verdict:
 * a database of a thousand tables gave a thousand identical {@code !} lines, each with its fix, and the lines that
 * matter drowned. Tables with the same outcome and message are then one line naming how many, which (all of them for a
 * failure, which must be fixed table by table; the first few otherwise) and the fix to apply to each.
 */
final class ReplicaIdentityLines {

    /** From this many tables with one verdict on, they share a line. */
    private static final int GROUPED_FROM = 10;
    /** How many tables a grouped pass or warning names. */
    private static final int NAMED = 5;
    private static final String CHECK = "replica_identity";

    /** One table's verdict. */
    private record TableVerdict(String table, PrerequisiteCheck check) {
    }

    private final List<TableVerdict> verdicts = new ArrayList<>();

    /** Adds {@code table}'s verdict, named {@code replica_identity <table>}, with a fix that names the table. */
    void add(String table, PrerequisiteCheck check) {
        verdicts.add(new TableVerdict(table, check));
    }

    /** The lines: a table's own, or a shared one in the place of the first table it covers. */
    List<PrerequisiteCheck> lines() {
        Map<List<Object>, List<TableVerdict>> groups = new LinkedHashMap<>();
        for (TableVerdict v : verdicts) {
            groups.computeIfAbsent(List.of(v.check().outcome(), v.check().message()), k -> new ArrayList<>()).add(v);
        }
        List<PrerequisiteCheck> lines = new ArrayList<>();
        for (List<TableVerdict> group : groups.values()) {
            if (group.size() < GROUPED_FROM) {
                group.forEach(v -> lines.add(v.check()));
            } else {
                lines.add(shared(group));
            }
        }
        return lines;
    }

    private static PrerequisiteCheck shared(List<TableVerdict> group) {
        PrerequisiteCheck first = group.get(0).check();
        boolean failed = first.outcome() == PrerequisiteCheck.Outcome.FAIL;
        List<String> tables = group.stream().map(TableVerdict::table).toList();
        String named = failed || tables.size() <= NAMED ? String.join(", ", tables)
                : String.join(", ", tables.subList(0, NAMED)) + " and " + (tables.size() - NAMED) + " more";
        String message = tables.size() + " tables: " + first.message() + " (" + named + ")";
        // Each table's fix names it: the shared fix names the first, to do alike for the others.
        String fix = first.fix() == null ? null : first.fix() + " — and alike for each of the " + tables.size() + " tables";
        return new PrerequisiteCheck(CHECK, first.outcome(), message, fix);
    }
}
