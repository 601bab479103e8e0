package io.cdctoolkit.schema.compat;

import io.cdctoolkit.schema.format.SchemaText;

import java.util.ArrayList;
import java.util.List;

/**
 * The part every schema language shares: parse once, pick the versions a level checks (the latest, or
 * all for {@code _TRANSITIVE}), and run the language's reader/writer rule in the directions the level
 * asks for. FORWARD is BACKWARD with the roles swapped, as in Confluent's registry: "the old schema
 * reads the new one".
 *
 * @param <S> the parsed form of a schema
 */
abstract class PairwiseCompatibilityChecker<S> implements CompatibilityChecker {

    /** Parses a schema text; throws IllegalArgumentException (any subclass) with the parser's reason. */
    abstract S parse(String text);

    /** Parses a schema with its references; a language whose texts stand alone parses the text. */
    S parse(SchemaText schema) {
        return parse(schema.text());
    }

    /**
     * The problems that stop {@code reader} from reading data written with {@code writer}, each starting
     * with the path it concerns; empty when it can.
     */
    abstract List<String> readProblems(S reader, S writer);

    @Override
    public final CompatibilityResult check(SchemaText candidate, List<SchemaText> previous, CompatibilityLevel level) {
        // Parse everything even for NONE, so that a broken file is reported whatever the level.
        S parsedCandidate = parseVersion(candidate, SchemaParseException.CANDIDATE);
        List<S> parsedPrevious = parsePrevious(previous);
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) return CompatibilityResult.ok();

        int first = level.transitive() ? 0 : parsedPrevious.size() - 1;
        List<String> problems = new ArrayList<>();
        for (int i = first; i < parsedPrevious.size(); i++) {
            S old = parsedPrevious.get(i);
            String version = "version " + (i + 1);
            if (level.backward()) {
                for (String p : readProblems(parsedCandidate, old)) {
                    problems.add(p + " (the new schema cannot read data written with " + version + ")");
                }
            }
            if (level.forward()) {
                for (String p : readProblems(old, parsedCandidate)) {
                    problems.add(p + " (" + version + " cannot read data written with the new schema)");
                }
            }
        }
        return problems.isEmpty() ? CompatibilityResult.ok() : CompatibilityResult.incompatible(problems);
    }

    /** Parses the earlier versions, oldest first; {@link SchemaParseException} names the one that does not parse. */
    final List<S> parsePrevious(List<SchemaText> previous) {
        List<S> parsed = new ArrayList<>(previous.size());
        for (int i = 0; i < previous.size(); i++) {
            parsed.add(parseVersion(previous.get(i), i));
        }
        return parsed;
    }

    /** Parses {@code text}; a failure is a {@link SchemaParseException} for {@code version}. */
    final S parseVersion(SchemaText text, int version) {
        try {
            return parse(text);
        } catch (RuntimeException e) {
            throw new SchemaParseException(version, String.valueOf(e.getMessage()), e);
        }
    }
}
