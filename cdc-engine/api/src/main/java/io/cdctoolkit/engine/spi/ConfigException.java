package io.cdctoolkit.engine.spi;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used, with every problem found (not just the first). */
public class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String keyPath, String message, String fix) {
        this(List.of(new ConfigProblem(keyPath, message, fix)));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
