package io.cdctoolkit.schema.protobuf;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.ProtoParser;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@code .proto} file's text as Wire prints it, without comments: two files alike but for layout and comments (one
 * written by hand, one printed from a descriptor by a serializer) have the same canonical text. Wire prints every
 * comment as a {@code //} line of its own, so dropping those lines drops the comments and nothing else.
 */
public final class ProtoCanonicalText {

    /** The name Wire prints in its header (dropped with the comments); the same for every text compared. */
    private static final String NAME = "canonical.proto";

    private ProtoCanonicalText() {
    }

    /** The canonical text of {@code text}; empty when it is not a valid {@code .proto} file. */
    public static Optional<String> of(String text) {
        String printed;
        try {
            printed = ProtoParser.Companion.parse(Location.get(NAME), text).toSchema();
        } catch (RuntimeException notProto) {
            return Optional.empty();
        }
        return Optional.of(printed.lines()
                .filter(line -> !line.stripLeading().startsWith("//"))
                .filter(line -> !line.isBlank())
                .collect(Collectors.joining("\n")));
    }
}
