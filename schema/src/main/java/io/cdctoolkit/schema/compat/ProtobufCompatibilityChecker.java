package io.cdctoolkit.schema.compat;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;

import java.util.List;

/**
 * Protobuf compatibility by the rules Confluent's registry applies ({@link ProtobufRules}). The .proto
 * text is parsed by Square Wire's {@link ProtoParser} — the parser Confluent's and Apicurio's
 * registries use — into its element model; only the rule checking is ours.
 */
final class ProtobufCompatibilityChecker extends PairwiseCompatibilityChecker<ProtoFileElement> {

    @Override
    ProtoFileElement parse(String text) {
        return ProtoParser.Companion.parse(Location.get("schema.proto"), text);
    }

    @Override
    List<String> readProblems(ProtoFileElement reader, ProtoFileElement writer) {
        return new ProtobufRules(writer, reader).incompatibilities();
    }
}
