package io.cdctoolkit.engine.spi;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@link SourceInspector#check} found, one item per prerequisite, in the order checked.
 *
 * @param system what was checked, e.g. {@code postgres-cdc 127.0.0.1:5432/app}
 * @param items  the individual checks
 */
public record PrerequisiteReport(String system, List<PrerequisiteCheck> items) {

    public PrerequisiteReport {
        items = List.copyOf(items);
    }

    /** This report with {@code item} checked after its items. */
    public PrerequisiteReport with(PrerequisiteCheck item) {
        return new PrerequisiteReport(system, Stream.concat(items.stream(), Stream.of(item)).toList());
    }

    /** True when no item failed (warnings allowed). */
    public boolean passed() {
        return items.stream().noneMatch(i -> i.outcome() == PrerequisiteCheck.Outcome.FAIL);
    }

    /** The items that failed. */
    public List<PrerequisiteCheck> failures() {
        return items.stream().filter(i -> i.outcome() == PrerequisiteCheck.Outcome.FAIL).toList();
    }

    /** The item named {@code name} (e.g. {@code wal_level}), if it was checked. */
    public Optional<PrerequisiteCheck> item(String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The items that passed with a warning. */
    public List<PrerequisiteCheck> warnings() {
        return items.stream().filter(i -> i.outcome() == PrerequisiteCheck.Outcome.WARN).toList();
    }
}
