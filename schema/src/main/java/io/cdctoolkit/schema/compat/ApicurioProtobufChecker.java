package io.cdctoolkit.schema.compat;

import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import io.apicurio.registry.protobuf.ProtobufDifference;
import io.apicurio.registry.protobuf.rules.compatibility.protobuf.ProtobufCompatibilityCheckerLibrary;
import io.apicurio.registry.utils.protobuf.schema.ProtobufFile;

import java.util.List;

/**
 * Protobuf by Apicurio Registry's rules: its difference finder ({@link ProtobufCompatibilityCheckerLibrary},
 * protolock-style — a removed field or enum value must be reserved; field numbers, names and types never
 * change; a new field breaks FORWARD) for each pair, the earlier version "before" and the new one
 * "after" for BACKWARD and the other way round for FORWARD.
 *
 * <p>The levels are combined here, as Apicurio Registry 3.3.3's checker does (the union of both
 * directions' differences, per earlier version for {@code _TRANSITIVE}), rather than by the 3.1.7
 * {@code ProtobufCompatibilityChecker} Maven Central carries: that one calls FULL compatible when
 * either direction is (fixed since), so it would not predict a 3.3.3 server. The .proto text is parsed
 * by Wire's parser, as for the Confluent rule set, so parse errors read the same.
 */
final class ApicurioProtobufChecker extends PairwiseCompatibilityChecker<ProtobufFile> {

    private final ProtobufCompatibilityChecker parser = new ProtobufCompatibilityChecker();

    @Override
    ProtobufFile parse(String text) {
        // The schema's own file only: Apicurio's difference finder compares one file.
        ProtoFileElement element = parser.parse(text).root();
        return new ProtobufFile(element);
    }

    @Override
    List<String> readProblems(ProtobufFile reader, ProtobufFile writer) {
        return new ProtobufCompatibilityCheckerLibrary(writer, reader).findDifferences().stream()
                .map(ProtobufDifference::getMessage)
                .sorted()
                .map(message -> "#/: " + message)
                .toList();
    }
}
