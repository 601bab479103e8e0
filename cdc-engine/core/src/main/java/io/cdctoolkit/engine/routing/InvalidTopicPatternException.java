package io.cdctoolkit.engine.routing;

import java.util.List;
import java.util.stream.Collectors;

/** A topic pattern that cannot be used, with every problem found in it. */
public final class InvalidTopicPatternException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String pattern;
    private final transient List<PatternProblem> problems;

    InvalidTopicPatternException(String pattern, List<PatternProblem> problems) {
        super("invalid topic pattern '" + pattern + "': "
                + problems.stream().map(PatternProblem::toString).collect(Collectors.joining("; ")));
        this.pattern = pattern;
        this.problems = List.copyOf(problems);
    }

    /** The pattern as given. */
    public String pattern() {
        return pattern;
    }

    /** Every problem, in order of position. */
    public List<PatternProblem> problems() {
        return problems;
    }
}
