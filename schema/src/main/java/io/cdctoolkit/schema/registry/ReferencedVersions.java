package io.cdctoolkit.schema.registry;

import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.protobuf.ProtoCanonicalText;

import java.util.List;
import java.util.Optional;

/**
 * The registered version a schema reference names: the version of its subject holding the referenced schema. A
 * registry's lookup compares what it holds with the text asked about — Confluent's by canonical form; Apicurio
 * Registry 3.3.3's compares a Protobuf file as written (measured: the same file re-indented, or with a blank line
 * more, is not found, also with {@code ?normalize=true}; Avro and JSON Schema it finds), so a file a serializer
 * registered as printed from its descriptor would not be found from the hand-written one. When a lookup of a Protobuf
 * file finds nothing, the subject's versions are compared with it by {@link ProtoCanonicalText}, newest first.
 */
public final class ReferencedVersions {

    private ReferencedVersions() {
    }

    /** The version of {@code subject} holding {@code referenced}, if any. */
    public static Optional<RegisteredSchema> find(RegistryClient registry, String subject, SchemaText referenced) {
        Optional<RegisteredSchema> found = registry.lookup(subject, referenced, false);
        if (found.isPresent() || referenced.type() != SchemaType.PROTOBUF) return found;
        if (ProtoCanonicalText.of(referenced.text()).isEmpty()) return found;
        List<Integer> versions = registry.versionsIfAny(subject);
        for (int i = versions.size() - 1; i >= 0; i--) {
            RegisteredSchema version = registry.version(subject, versions.get(i));
            if (sameProtobuf(version.schema(), referenced)) return Optional.of(version);
        }
        return Optional.empty();
    }

    /**
     * The same canonical text, importing files of the same names and canonical texts (a version read back has its
     * references resolved).
     */
    private static boolean sameProtobuf(SchemaText registered, SchemaText local) {
        if (registered.type() != SchemaType.PROTOBUF
                || !registered.references().keySet().equals(local.references().keySet())) return false;
        Optional<String> canonical = ProtoCanonicalText.of(local.text());
        if (canonical.isEmpty() || !canonical.equals(ProtoCanonicalText.of(registered.text()))) return false;
        return local.references().entrySet().stream()
                .allMatch(reference -> sameProtobuf(registered.references().get(reference.getKey()), reference.getValue()));
    }
}
