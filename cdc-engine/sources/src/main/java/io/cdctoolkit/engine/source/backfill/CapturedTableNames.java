package io.cdctoolkit.engine.source.backfill;

import io.cdctoolkit.engine.data.TableId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/** The {@code backfill} command's table names resolved to captured tables, as {@code include_tables} entries would be. */
public final class CapturedTableNames {

    private CapturedTableNames() {
    }

    /**
     * @param qualify  a name as given to its qualified form ({@code schema.table}, {@code database.table})
     * @param captured the captured tables by qualified name
     * @param nearest  the captured name nearest a qualified name that is not captured, or null when none is near
     * @param describe the source, for the message
     * @param capture  how to capture the tables named that are not captured (given how many), for the message
     * @throws IllegalArgumentException naming each name that is not a captured table, with the nearest captured name
     */
    public static Set<TableId> resolve(List<String> names, UnaryOperator<String> qualify, Map<String, TableId> captured,
                                       UnaryOperator<String> nearest, String describe, IntFunction<String> capture) {
        Set<TableId> tables = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            String qualified = qualify.apply(name);
            TableId table = captured.get(qualified);
            if (table != null) {
                tables.add(table);
            } else {
                String near = nearest.apply(qualified);
                unknown.add(qualified + (near == null ? "" : " (did you mean " + near + "?)"));
            }
        }
        if (unknown.isEmpty()) return tables;
        boolean one = unknown.size() == 1;
        throw new IllegalArgumentException(String.join(", ", unknown) + (one ? " is not a table " : " are not tables ")
                + describe + " captures: name captured tables (cdc-toolkit discover lists them), or capture "
                + (one ? "it" : "them") + " first (" + capture.apply(unknown.size()) + ")");
    }
}
