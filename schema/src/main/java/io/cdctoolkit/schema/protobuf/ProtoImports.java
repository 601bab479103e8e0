package io.cdctoolkit.schema.protobuf;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;

import java.util.ArrayList;
import java.util.List;

/**
 * The files a {@code .proto} text imports, for whoever gathers them into a schema's references (a schema file
 * named on the command line and the files beside it).
 */
public final class ProtoImports {

    private ProtoImports() {
    }

    /**
     * The import paths of {@code text}, plain and public, in the order written; {@code name} names the file in a
     * parse error.
     *
     * @throws IllegalArgumentException when the text is not a valid {@code .proto} file
     */
    public static List<String> of(String name, String text) {
        ProtoFileElement file;
        try {
            file = ProtoParser.Companion.parse(Location.get(name), text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": not a valid .proto schema: " + e.getMessage(), e);
        }
        List<String> imports = new ArrayList<>(file.getImports());
        imports.addAll(file.getPublicImports());
        return List.copyOf(imports);
    }

    /**
     * Whether registries know {@code path} without a reference (Google's well-known files, Confluent's decimal and
     * meta files): such an import is never one of a schema's references.
     */
    public static boolean wellKnown(String path) {
        return WellKnownProtos.file(path) != null;
    }
}
