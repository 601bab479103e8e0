package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.Globs;
import io.cdctoolkit.engine.spi.Options;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The {@code include_tables} / {@code exclude_tables} globs as the inspectors apply them to
 * fully-qualified names ({@code schema.table}, {@code database.table}): what {@code discover} lists
 * and {@code check} checks is what the reader would capture.
 */
public final class TableFilter {

    /** The include globs as the user wrote them, qualified; empty when the connector's default include applies. */
    private final List<String> named;
    private final List<Pattern> include;
    /** The exclude globs as the user wrote them, qualified. */
    private final List<String> excludeNamed;
    private final List<Pattern> exclude;

    private TableFilter(List<String> named, List<Pattern> include, List<String> excludeNamed, List<Pattern> exclude) {
        this.named = named;
        this.include = include;
        this.excludeNamed = excludeNamed;
        this.exclude = exclude;
    }

    /** The filter for the given globs, each first qualified by {@code qualify}. */
    public static TableFilter of(List<String> include, List<String> exclude, UnaryOperator<String> qualify) {
        List<String> qualified = include.stream().map(qualify).toList();
        List<String> excluded = exclude.stream().map(qualify).toList();
        return new TableFilter(qualified, qualified.stream().map(Globs::compile).toList(),
                excluded, excluded.stream().map(Globs::compile).toList());
    }

    /**
     * The filter of {@code include_tables} (or {@code defaultInclude} when that is empty, as the
     * connector's own include list applies then) and {@code exclude_tables}, each glob first qualified
     * by {@code qualify}.
     */
    public static TableFilter of(Options options, List<String> defaultInclude, UnaryOperator<String> qualify) {
        List<String> include = options.stringList("include_tables");
        if (!include.isEmpty()) return of(include, options.stringList("exclude_tables"), qualify);
        TableFilter byDefault = of(defaultInclude, options.stringList("exclude_tables"), qualify);
        return new TableFilter(List.of(), byDefault.include, byDefault.excludeNamed, byDefault.exclude);
    }

    /**
     * The {@code include_tables} entries (qualified) that match none of {@code names} (fully-qualified): a misspelt
     * name captures nothing, which the connectors do not say. None when the connector's default include applies.
     */
    public List<String> includesMatchingNone(Collection<String> names) {
        return matchingNone(named, include, names);
    }

    /**
     * The {@code exclude_tables} entries (qualified) that match none of {@code names} (fully-qualified): a misspelt
     * name leaves out nothing, and the table it meant is captured without a word.
     */
    public List<String> excludesMatchingNone(Collection<String> names) {
        return matchingNone(excludeNamed, exclude, names);
    }

    private static List<String> matchingNone(List<String> written, List<Pattern> patterns, Collection<String> names) {
        List<String> none = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            Pattern p = patterns.get(i);
            if (names.stream().noneMatch(n -> p.matcher(n).matches())) none.add(written.get(i));
        }
        return none;
    }

    /** Whether the table with this fully-qualified name is captured. */
    /**
     * Where a captured table comes in the snapshot: the index of the first {@code include_tables} pattern it
     * matches (0 without include patterns). The Debezium engine snapshots tables in the order of its
     * {@code table.include.list}; tables matched by one pattern come by name.
     */
    public int includeIndex(String qualifiedName) {
        for (int i = 0; i < include.size(); i++) if (include.get(i).matcher(qualifiedName).matches()) return i;
        return 0;
    }

    public boolean captures(String qualifiedName) {
        if (!include.isEmpty() && include.stream().noneMatch(p -> p.matcher(qualifiedName).matches())) return false;
        return exclude.stream().noneMatch(p -> p.matcher(qualifiedName).matches());
    }
}
