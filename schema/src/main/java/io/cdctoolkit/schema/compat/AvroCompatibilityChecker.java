package io.cdctoolkit.schema.compat;

import io.cdctoolkit.schema.format.SchemaText;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

import java.util.List;

/**
 * Avro compatibility by Avro's own reader/writer resolution rules ({@link SchemaCompatibility}), the
 * check Confluent's registry runs too. Problems read {@code /fields/2/type: <what is wrong>}.
 */
final class AvroCompatibilityChecker extends PairwiseCompatibilityChecker<Schema> {

    @Override
    Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    @Override
    Schema parse(SchemaText schema) {
        return AvroTexts.parse(schema);
    }

    @Override
    List<String> readProblems(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult()
                .getIncompatibilities().stream()
                .map(i -> i.getLocation() + ": " + i.getType() + ": " + i.getMessage())
                .toList();
    }
}
