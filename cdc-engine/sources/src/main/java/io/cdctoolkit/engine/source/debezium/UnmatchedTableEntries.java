package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.OptionValidator;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code check}'s warnings for {@code include_tables} and {@code exclude_tables} entries that match no table the
 * database shows. A misspelt include (or a table not created yet) captures nothing, and neither Debezium nor the native
 * reader says so — the run just never sees its changes; a warning, not a failure: the table may be created before the
 * source starts. A misspelt exclude leaves nothing out, and the table it meant goes into the topics.
 */
public final class UnmatchedTableEntries {

    private UnmatchedTableEntries() {
    }

    /**
     * The warning for {@code include_tables} entries that match no table the database shows {@code user}.
     *
     * @param shown      the fully-qualified names of the tables the database shows the source's user
     * @param user       the source's user, named in the message
     * @param hiddenNote what else may keep a table out of {@code shown} on this database ("" for nothing)
     */
    public static Optional<PrerequisiteCheck> includes(TableFilter filter, Collection<String> shown, String user,
                                                       String hiddenNote) {
        List<String> unmatched = filter.includesMatchingNone(shown);
        if (unmatched.isEmpty()) return Optional.empty();
        return Optional.of(PrerequisiteCheck.warn("include_tables", entries("include_tables", unmatched, shown,
                        near -> "") + " no table the database shows " + user + ": nothing is captured from "
                        + (unmatched.size() == 1 ? "it" : "them"),
                "correct the name, or create the table before the source starts" + hiddenNote));
    }

    /**
     * The warning for {@code exclude_tables} entries that match no table the database shows {@code user}: each leaves
     * nothing out, and a misspelt one lets the table it meant be captured (a table of PII into the topics).
     *
     * @param shown the fully-qualified names of the tables the database shows the source's user
     */
    public static Optional<PrerequisiteCheck> excludes(TableFilter filter, Collection<String> shown, String user) {
        List<String> unmatched = filter.excludesMatchingNone(shown);
        if (unmatched.isEmpty()) return Optional.empty();
        return Optional.of(PrerequisiteCheck.warn("exclude_tables", entries("exclude_tables", unmatched, shown,
                        near -> filter.captures(near) ? ", which is captured" : "") + " no table the database shows "
                        + user + ": " + (unmatched.size() == 1 ? "it leaves" : "they leave") + " nothing out",
                "correct the name (schema.table, or database.table on MySQL/MariaDB; globs are case-sensitive)"));
    }

    /** {@code include_tables entry x (did you mean y?) matches}, or the plural for several. */
    private static String entries(String option, List<String> unmatched, Collection<String> shown,
                                  Function<String, String> aboutNearest) {
        List<String> described = new ArrayList<>();
        for (String entry : unmatched) {
            boolean glob = entry.contains("*") || entry.contains("?");
            String near = glob ? null : nearestName(entry, shown);
            described.add(entry + (near == null ? "" : " (did you mean " + near + aboutNearest.apply(near) + "?)"));
        }
        return option + (unmatched.size() == 1 ? " entry " : " entries ") + String.join(", ", described)
                + (unmatched.size() == 1 ? " matches" : " match");
    }

    /**
     * The name nearest to {@code written} a misspelling away: at most a third of its last part's length in edits (1 to
     * 3) — any two short names are three edits apart, and {@code expl.ordrs} is not a misspelt {@code expl.users}
     * because the schema is the same.
     */
    public static String nearestName(String written, Collection<String> names) {
        int last = written.length() - written.lastIndexOf('.') - 1;
        return OptionValidator.closest(written, names, Math.min(3, Math.max(1, last / 3)));
    }
}
