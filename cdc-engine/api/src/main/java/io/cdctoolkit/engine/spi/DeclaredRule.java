package io.cdctoolkit.engine.spi;

import java.util.Objects;
import java.util.function.Function;

/** The {@link OptionRule} behind its factory methods. */
record DeclaredRule(String description, String fix, Long minimum, Long maximum, Function<Object, String> check)
        implements OptionRule {

    DeclaredRule {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(check, "check");
    }

    @Override
    public String problem(Object value) {
        return check.apply(value);
    }

    @Override
    public String toString() {
        return description;
    }
}
