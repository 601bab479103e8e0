package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.data.TableId;

/** One compiled piece of a topic pattern: literal text or a placeholder. */
interface Part {

    /** Appends this part's text for {@code table} to {@code topic}. */
    void appendTo(StringBuilder topic, TableId table, IdentifierNormalizer normalizer);

    /** Literal pattern text, kept exactly as written. */
    record Literal(String text) implements Part {
        @Override
        public void appendTo(StringBuilder topic, TableId table, IdentifierNormalizer normalizer) {
            topic.append(text);
        }
    }
}
