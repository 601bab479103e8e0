package io.cdctoolkit.schema.compat;

import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Confluent Schema Registry's Protobuf compatibility rules, for one writer (the "original") and one
 * reader (the "update") .proto file. Ours because no library on Maven Central implements them: the
 * rules live in Confluent's {@code kafka-protobuf-provider} (Confluent Community License, served only
 * from Confluent's own repository), and Apicurio's checker follows different (protolock) rules.
 *
 * <p>Incompatible, as Confluent documents them (differences named as in its messages):
 * PACKAGE_CHANGED, MESSAGE_REMOVED, FIELD_KIND_CHANGED (scalar/enum vs message vs map),
 * FIELD_SCALAR_KIND_CHANGED (across the wire-compatible groups int32/int64/uint32/uint64/bool/enum,
 * sint32/sint64, string/bytes, fixed32/sfixed32, fixed64/sfixed64, float, double),
 * FIELD_NAMED_TYPE_CHANGED (another message type), FIELD_NUMERIC_LABEL_CHANGED (e.g. int32 to
 * repeated int32), REQUIRED_FIELD_ADDED, REQUIRED_FIELD_REMOVED, ONEOF_FIELD_REMOVED,
 * MULTIPLE_FIELDS_MOVED_TO_ONEOF, FIELD_MOVED_TO_EXISTING_ONEOF. Everything else is compatible:
 * adding or removing optional fields (no {@code reserved} needed — transitive levels catch a reused
 * number), renaming a field, adding messages, any enum change, adding or removing a oneof.
 *
 * <p>Types resolve across the files the schema imports among its references ({@link ProtoFileSet}); a field whose
 * message type an imported file holds is followed into that message, as Confluent's rules follow it.
 */
final class ProtobufRules {

    private final TypeIndex original;
    private final TypeIndex update;
    private final List<String> problems = new ArrayList<>();
    /** Pairs of imported messages compared already ({@code original -> update} full names): each once. */
    private final Set<String> importedCompared = new HashSet<>();

    ProtobufRules(ProtoFileSet original, ProtoFileSet update) {
        this.original = new TypeIndex(original);
        this.update = new TypeIndex(update);
    }

    /** The incompatible differences, each as {@code #/Message/tag: TYPE: explanation}. */
    List<String> incompatibilities() {
        ProtoFileElement o = original.file;
        ProtoFileElement u = update.file;
        if (!Objects.equals(o.getPackageName(), u.getPackageName())) {
            problem("#/", "PACKAGE_CHANGED", "package changed from " + o.getPackageName() + " to " + u.getPackageName());
        }
        compareTypes("#", original.packagePrefix(), o.getTypes(), update.packagePrefix(), u.getTypes());
        return List.copyOf(problems);
    }

    private void compareTypes(String path, String originalScope, List<TypeElement> originalTypes,
                              String updateScope, List<TypeElement> updateTypes) {
        Map<String, MessageElement> originalMessages = messages(originalTypes);
        Map<String, MessageElement> updateMessages = messages(updateTypes);
        // Enums: constants added, removed or renamed are all compatible in Confluent's rules.
        for (Map.Entry<String, MessageElement> entry : originalMessages.entrySet()) {
            String name = entry.getKey();
            MessageElement updated = updateMessages.get(name);
            if (updated == null) {
                problem(path + "/" + name, "MESSAGE_REMOVED", "message " + name + " was removed");
            } else {
                compareMessage(path + "/" + name, originalScope + name, entry.getValue(),
                        updateScope + name, updated);
            }
        }
    }

    private void compareMessage(String path, String originalScope, MessageElement o, String updateScope,
                                MessageElement u) {
        Map<Integer, FieldElement> originalTop = byTag(o.getFields());
        Map<Integer, FieldElement> updateTop = byTag(u.getFields());
        Map<Integer, FieldElement> originalAll = new HashMap<>(originalTop);
        Map<Integer, FieldElement> updateAll = new HashMap<>(updateTop);
        Map<Integer, String> originalOneOfOf = new HashMap<>();
        Map<Integer, String> updateOneOfOf = new HashMap<>();
        for (OneOfElement oneOf : o.getOneOfs()) {
            for (FieldElement f : oneOf.getFields()) {
                originalAll.put(f.getTag(), f);
                originalOneOfOf.put(f.getTag(), oneOf.getName());
            }
        }
        for (OneOfElement oneOf : u.getOneOfs()) {
            for (FieldElement f : oneOf.getFields()) {
                updateAll.put(f.getTag(), f);
                updateOneOfOf.put(f.getTag(), oneOf.getName());
            }
        }

        // Fields moved into a oneof are not "removed"; moving more than one, or moving one into a
        // oneof that already had fields, loses data a reader of the old layout set (Protobuf guide).
        Map<Integer, FieldElement> originalTopLeft = new HashMap<>(originalTop);
        for (OneOfElement oneOf : u.getOneOfs()) {
            int moved = 0;
            int existing = 0;
            for (FieldElement f : oneOf.getFields()) {
                if (originalTopLeft.remove(f.getTag()) != null) moved++;
                else if (originalOneOfOf.containsKey(f.getTag())) existing++;
            }
            String oneOfPath = path + "/" + oneOf.getName();
            if (moved > 1) {
                problem(oneOfPath, "MULTIPLE_FIELDS_MOVED_TO_ONEOF", moved + " existing fields were moved into oneof "
                        + oneOf.getName() + " (a writer may have set more than one of them)");
            } else if (moved == 1 && existing > 0) {
                problem(oneOfPath, "FIELD_MOVED_TO_EXISTING_ONEOF", "an existing field was moved into oneof "
                        + oneOf.getName() + ", which already had fields");
            }
        }

        Map<String, OneOfElement> updateOneOfs = new HashMap<>();
        u.getOneOfs().forEach(x -> updateOneOfs.put(x.getName(), x));
        for (OneOfElement originalOneOf : o.getOneOfs()) {
            OneOfElement updateOneOf = updateOneOfs.get(originalOneOf.getName());
            if (updateOneOf == null) continue; // a removed oneof is compatible (its fields are checked by tag)
            String oneOfPath = path + "/" + originalOneOf.getName();
            Map<Integer, FieldElement> before = byTag(originalOneOf.getFields());
            Map<Integer, FieldElement> after = byTag(updateOneOf.getFields());
            for (Map.Entry<Integer, FieldElement> e : new java.util.TreeMap<>(before).entrySet()) {
                FieldElement updated = after.get(e.getKey());
                String fieldPath = oneOfPath + "/" + e.getKey();
                if (updated != null) {
                    compareField(fieldPath, originalScope, e.getValue(), updateScope, updated);
                } else if (!updateAll.containsKey(e.getKey())) {
                    problem(fieldPath, "ONEOF_FIELD_REMOVED", "field " + e.getValue().getName()
                            + " was removed from oneof " + originalOneOf.getName());
                }
            }
        }

        Set<Integer> tags = new TreeSet<>(originalTopLeft.keySet());
        tags.addAll(updateTop.keySet());
        for (Integer tag : tags) {
            FieldElement before = originalTopLeft.get(tag);
            FieldElement after = updateTop.get(tag);
            String fieldPath = path + "/" + tag;
            if (after == null) {
                if (before.getLabel() == Field.Label.REQUIRED) {
                    problem(fieldPath, "REQUIRED_FIELD_REMOVED", "required field " + before.getName() + " was removed");
                }
            } else if (before == null) {
                if (after.getLabel() == Field.Label.REQUIRED) {
                    problem(fieldPath, "REQUIRED_FIELD_ADDED", "required field " + after.getName() + " was added");
                }
            } else {
                compareField(fieldPath, originalScope, before, updateScope, after);
            }
        }

        // Fields that moved into, out of or between oneofs are compared by tag as well.
        Set<Integer> common = new TreeSet<>(originalAll.keySet());
        common.retainAll(updateAll.keySet());
        for (Integer tag : common) {
            String before = originalOneOfOf.get(tag);
            String after = updateOneOfOf.get(tag);
            boolean comparedAbove = (before == null && after == null) || (before != null && before.equals(after));
            if (!comparedAbove) {
                compareField(path + "/" + tag, originalScope, originalAll.get(tag), updateScope, updateAll.get(tag));
            }
        }

        compareTypes(path, originalScope + ".", o.getNestedTypes(), updateScope + ".", u.getNestedTypes());
    }

    private void compareField(String path, String originalScope, FieldElement o, String updateScope, FieldElement u) {
        // A renamed field (same number) is compatible: the binary format carries numbers only.
        compareTypes(path, o.getName(), o.getLabel(), originalScope, ProtoType.get(o.getType()),
                u.getLabel(), updateScope, ProtoType.get(u.getType()));
    }

    private void compareTypes(String path, String field, Field.Label originalLabel, String originalScope,
                              ProtoType o, Field.Label updateLabel, String updateScope, ProtoType u) {
        Kind originalKind = kind(original, originalScope, o);
        Kind updateKind = kind(update, updateScope, u);
        if (originalKind != updateKind) {
            problem(path, "FIELD_KIND_CHANGED", "field " + field + " changed from " + o + " (" + originalKind.text
                    + ") to " + u + " (" + updateKind.text + ")");
            return;
        }
        switch (originalKind) {
            case SCALAR -> {
                ScalarGroup before = scalarGroup(original, originalScope, o);
                ScalarGroup after = scalarGroup(update, updateScope, u);
                if (before != after) {
                    problem(path, "FIELD_SCALAR_KIND_CHANGED", "field " + field + " changed from " + o + " to " + u
                            + ", which is not wire-compatible");
                } else if (originalLabel != null && updateLabel != null && originalLabel != updateLabel
                        && before != ScalarGroup.STRING_OR_BYTES) {
                    problem(path, "FIELD_NUMERIC_LABEL_CHANGED", "numeric field " + field + " changed from "
                            + label(originalLabel) + " to " + label(updateLabel));
                }
            }
            case MESSAGE -> {
                String before = localName(original, originalScope, o);
                String after = localName(update, updateScope, u);
                if (!before.equals(after)) {
                    problem(path, "FIELD_NAMED_TYPE_CHANGED", "field " + field + " changed from message " + before
                            + " to message " + after);
                } else {
                    compareImportedMessage(original.fullName(originalScope, o.toString()),
                            update.fullName(updateScope, u.toString()));
                }
            }
            case MAP -> {
                compareTypes(path, field + " (map key)", null, originalScope, o.getKeyType(), null, updateScope, u.getKeyType());
                compareTypes(path, field + " (map value)", null, originalScope, o.getValueType(), null, updateScope, u.getValueType());
            }
        }
    }

    /**
     * A field's message type from an imported file is compared as Confluent's rules compare it (they follow a
     * field into the message it names, across references); the schema's own messages are compared by name above.
     * Its problems name the file: {@code shop/item.proto#/Item/2: …}.
     */
    private void compareImportedMessage(String originalFull, String updateFull) {
        if (originalFull == null || updateFull == null) return; // a well-known or unresolvable type: by name only
        String originalFile = original.fileOf(originalFull);
        String updateFile = update.fileOf(updateFull);
        if (originalFile == null && updateFile == null) return;
        if (!(original.types.get(originalFull) instanceof MessageElement o)
                || !(update.types.get(updateFull) instanceof MessageElement u)) return;
        if (!importedCompared.add(originalFull + " -> " + updateFull)) return;
        String file = updateFile != null ? updateFile : originalFile;
        String local = updateFull.substring(update.packagePrefixOf(updateFull).length());
        compareMessage(file + "#/" + local.replace('.', '/'), originalFull, o, updateFull, u);
    }

    private static String label(Field.Label label) {
        return label.name().toLowerCase(java.util.Locale.ROOT);
    }

    private void problem(String path, String type, String message) {
        problems.add(path + ": " + type + ": " + message);
    }

    private static Map<String, MessageElement> messages(List<TypeElement> types) {
        Map<String, MessageElement> messages = new LinkedHashMap<>();
        for (TypeElement t : types) {
            if (t instanceof MessageElement m) messages.put(m.getName(), m);
        }
        return messages;
    }

    private static Map<Integer, FieldElement> byTag(List<FieldElement> fields) {
        Map<Integer, FieldElement> byTag = new LinkedHashMap<>();
        fields.forEach(f -> byTag.put(f.getTag(), f));
        return byTag;
    }

    /** What a field holds, as far as the wire format cares. */
    private enum Kind {
        SCALAR("scalar or enum"), MESSAGE("message"), MAP("map");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    /** Scalars that read each other's bytes (protobuf language guide, "Updating a message type"). */
    private enum ScalarGroup { VARINT, ZIGZAG, STRING_OR_BYTES, FIXED32, FIXED64, FLOAT, DOUBLE }

    private static Kind kind(TypeIndex index, String scope, ProtoType type) {
        if (type.isScalar()) return Kind.SCALAR;
        if (type.isMap()) return Kind.MAP;
        return index.resolve(scope, type.toString()) instanceof EnumElement ? Kind.SCALAR : Kind.MESSAGE;
    }

    private static ScalarGroup scalarGroup(TypeIndex index, String scope, ProtoType type) {
        if (!type.isScalar()) return ScalarGroup.VARINT; // an enum (kind() said SCALAR)
        return switch (type.toString()) {
            case "int32", "int64", "uint32", "uint64", "bool" -> ScalarGroup.VARINT;
            case "sint32", "sint64" -> ScalarGroup.ZIGZAG;
            case "string", "bytes" -> ScalarGroup.STRING_OR_BYTES;
            case "fixed32", "sfixed32" -> ScalarGroup.FIXED32;
            case "fixed64", "sfixed64" -> ScalarGroup.FIXED64;
            case "float" -> ScalarGroup.FLOAT;
            case "double" -> ScalarGroup.DOUBLE;
            default -> throw new IllegalArgumentException("unknown scalar type " + type);
        };
    }

    /** The message's name without the package (so moving a file's package is reported once, as PACKAGE_CHANGED). */
    private static String localName(TypeIndex index, String scope, ProtoType type) {
        String full = index.fullName(scope, type.toString());
        if (full == null) {
            String written = type.toString();
            return written.startsWith(".") ? written.substring(1) : written;
        }
        return full.substring(index.packagePrefixOf(full).length());
    }

    /**
     * Every message and enum of one file and of the files it imports (among its references) by full name, to
     * resolve the type names its fields use; with the package and the imported file each comes from.
     */
    private static final class TypeIndex {
        final ProtoFileElement file;
        final Map<String, TypeElement> types = new HashMap<>();
        /** The package prefix of each type declared in an imported file, by full name. */
        private final Map<String, String> importedPackagePrefix = new HashMap<>();
        /** The import path of the file that declares each imported type, by full name. */
        private final Map<String, String> importedFile = new HashMap<>();

        TypeIndex(ProtoFileSet files) {
            this.file = files.root();
            add(packagePrefix(file), file.getTypes(), null);
            files.imported().forEach((path, imported) -> add(packagePrefix(imported), imported.getTypes(), path));
        }

        String packagePrefix() {
            return packagePrefix(file);
        }

        private static String packagePrefix(ProtoFileElement file) {
            String pkg = file.getPackageName();
            return pkg == null || pkg.isEmpty() ? "" : pkg + ".";
        }

        /** {@code importPath} null for the schema's own file, whose types win over an import's of the same name. */
        private void add(String packagePrefix, List<TypeElement> elements, String importPath) {
            add(packagePrefix, packagePrefix, elements, importPath);
        }

        private void add(String packagePrefix, String prefix, List<TypeElement> elements, String importPath) {
            for (TypeElement t : elements) {
                String full = prefix + t.getName();
                if (types.putIfAbsent(full, t) == null && importPath != null) {
                    importedPackagePrefix.put(full, packagePrefix);
                    importedFile.put(full, importPath);
                }
                add(packagePrefix, full + ".", t.getNestedTypes(), importPath);
            }
        }

        /** The package prefix of the file declaring the type {@code full}. */
        String packagePrefixOf(String full) {
            return importedPackagePrefix.getOrDefault(full, packagePrefix());
        }

        /** The import path of the file declaring {@code full}; null for the schema's own file. */
        String fileOf(String full) {
            return importedFile.get(full);
        }

        TypeElement resolve(String scope, String name) {
            String full = fullName(scope, name);
            return full == null ? null : types.get(full);
        }

        /**
         * Protobuf's scoping: a relative name is looked up in the enclosing message, then outwards to
         * the package and the root; a leading dot means fully qualified. Null when not in this file.
         */
        String fullName(String scope, String name) {
            if (name.startsWith(".")) return types.containsKey(name.substring(1)) ? name.substring(1) : null;
            Set<String> scopes = new LinkedHashSet<>();
            String s = scope.endsWith(".") ? scope.substring(0, scope.length() - 1) : scope;
            while (true) {
                scopes.add(s);
                int dot = s.lastIndexOf('.');
                if (dot < 0) break;
                s = s.substring(0, dot);
            }
            scopes.add("");
            for (String candidateScope : scopes) {
                String candidate = candidateScope.isEmpty() ? name : candidateScope + "." + name;
                if (types.containsKey(candidate)) return candidate;
            }
            return null;
        }
    }
}
