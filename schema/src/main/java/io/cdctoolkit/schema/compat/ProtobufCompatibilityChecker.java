package io.cdctoolkit.schema.compat;

import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;

import java.util.List;

/**
 * Protobuf compatibility by the rules Confluent's registry applies ({@link ProtobufRules}). The .proto
 * text is parsed by Square Wire's {@code ProtoParser} — the parser Confluent's and Apicurio's
 * registries use — into its element model, with the files it imports among its references
 * ({@link ProtoFileSet}); only the rule checking is ours.
 */
final class ProtobufCompatibilityChecker extends PairwiseCompatibilityChecker<ProtoFileSet> {

    @Override
    ProtoFileSet parse(String text) {
        return parse(new SchemaText(SchemaType.PROTOBUF, text));
    }

    @Override
    ProtoFileSet parse(SchemaText schema) {
        return ProtoFileSet.parse(schema);
    }

    @Override
    List<String> readProblems(ProtoFileSet reader, ProtoFileSet writer) {
        return new ProtobufRules(writer, reader).incompatibilities();
    }
}
