package io.cdctoolkit.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The ✓/✗ table {@code check} prints, and the exit code it implies. */
final class CheckReport {

    /** One line of the report. */
    record Item(String subject, boolean ok, boolean warning, boolean unreachable, boolean configError,
                String message, String fix) {
    }

    private final List<Item> items = new ArrayList<>();

    void pass(String subject, String message) {
        items.add(new Item(subject, true, false, false, false, message, null));
    }

    void warn(String subject, String message, String fix) {
        items.add(new Item(subject, true, true, false, false, message, fix));
    }

    void fail(String subject, String message, String fix) {
        items.add(new Item(subject, false, false, false, false, message, fix));
    }

    void unreachable(String subject, String message, String fix) {
        items.add(new Item(subject, false, false, true, false, message, fix));
    }

    /** A configuration that cannot work (a transform that does not fit a table): exit 2, as a config error. */
    void configError(String subject, String message, String fix) {
        items.add(new Item(subject, false, false, false, true, message, fix));
    }

    /**
     * Whether {@code subject} itself could not be reached. A failed prerequisite of it ({@code subject: item}, e.g. a
     * table's replica identity) also exits 3 but does not count: the system answered.
     */
    boolean unreachable(String subject) {
        return items.stream().anyMatch(i -> i.unreachable() && i.subject().equals(subject));
    }

    /** Where messages start, after the mark and the subject; a longer subject is followed by two spaces instead. */
    private static final int SUBJECT_WIDTH = 28;

    void print(PrintStream out) {
        for (Item i : items) {
            String mark = !i.ok() ? "✗" : i.warning() ? "!" : "✓";
            // A subject as wide as the column or wider (source pg: replication_privilege) would run into its message.
            String padding = " ".repeat(Math.max(1, SUBJECT_WIDTH - i.subject().length()));
            out.printf("%s %s%s %s%n", mark, i.subject(), padding, i.message());
            if (i.fix() != null) out.printf("  %s fix: %s%n", " ".repeat(SUBJECT_WIDTH), i.fix());
        }
    }

    /** 2 when the configuration cannot work, 3 when something cannot be reached, 1 when a check failed, else 0. */
    int exitCode() {
        if (items.stream().anyMatch(Item::configError)) return ExitCodes.CONFIG_ERROR;
        if (items.stream().anyMatch(Item::unreachable)) return ExitCodes.UNREACHABLE;
        if (items.stream().anyMatch(i -> !i.ok())) return ExitCodes.CHECK_FAILED;
        return ExitCodes.OK;
    }
}
