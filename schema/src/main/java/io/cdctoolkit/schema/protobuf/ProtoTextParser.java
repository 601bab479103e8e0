package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.squareup.wire.Syntax;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.OptionElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import com.squareup.wire.schema.internal.parser.ReservedElement;
import com.squareup.wire.schema.internal.parser.TypeElement;

import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import kotlin.ranges.IntRange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns {@code .proto} text (ours or another producer's) into a protobuf-java {@link FileDescriptor}.
 *
 * <p>protobuf-java cannot parse {@code .proto} text (only protoc can), so the text is parsed by
 * Square's wire-schema {@link ProtoParser} — the parser Confluent's and Apicurio's Protobuf support
 * are built on — and its syntax tree is turned into a {@code FileDescriptorProto} here; protobuf-java
 * then resolves type names (relative or qualified, protoc's scoping rules) and validates the file.
 * The conversion is ours because Apicurio's {@code FileDescriptorUtils} (3.1.7), the one library that
 * does it, was seen to reorder fields (declaration order is the reader's output order) and to copy
 * nested messages to the top level (which shifts message indexes). Declaration order is kept by
 * source position, so fields of a {@code oneof} stay where they were written.
 *
 * <p>Imports are well-known files ({@link WellKnownProtos}) or the files a registry gave as the schema's
 * references ({@link SchemaText#references()}, by import path), built first, each once; any other import fails
 * naming it. Services, extensions and custom options do not
 * change how a message decodes and are left out; reserved numbers and names are kept (the next derived version must
 * not reuse them: {@link FieldNumbers}).
 */
final class ProtoTextParser {

    /** The name of the file whose messages are read (what it is called does not change how it decodes). */
    private static final String ROOT_FILE = "schema.proto";

    private static final Map<String, FieldDescriptorProto.Type> SCALARS = Map.ofEntries(
            Map.entry("double", FieldDescriptorProto.Type.TYPE_DOUBLE),
            Map.entry("float", FieldDescriptorProto.Type.TYPE_FLOAT),
            Map.entry("int32", FieldDescriptorProto.Type.TYPE_INT32),
            Map.entry("int64", FieldDescriptorProto.Type.TYPE_INT64),
            Map.entry("uint32", FieldDescriptorProto.Type.TYPE_UINT32),
            Map.entry("uint64", FieldDescriptorProto.Type.TYPE_UINT64),
            Map.entry("sint32", FieldDescriptorProto.Type.TYPE_SINT32),
            Map.entry("sint64", FieldDescriptorProto.Type.TYPE_SINT64),
            Map.entry("fixed32", FieldDescriptorProto.Type.TYPE_FIXED32),
            Map.entry("fixed64", FieldDescriptorProto.Type.TYPE_FIXED64),
            Map.entry("sfixed32", FieldDescriptorProto.Type.TYPE_SFIXED32),
            Map.entry("sfixed64", FieldDescriptorProto.Type.TYPE_SFIXED64),
            Map.entry("bool", FieldDescriptorProto.Type.TYPE_BOOL),
            Map.entry("string", FieldDescriptorProto.Type.TYPE_STRING),
            Map.entry("bytes", FieldDescriptorProto.Type.TYPE_BYTES));

    private ProtoTextParser() {
    }

    /**
     * Parses {@code text}, a file without imports other than well-known ones.
     *
     * @throws IllegalArgumentException when the text is not a valid {@code .proto} file, or imports a
     *                                  file that is not well-known
     */
    static FileDescriptor parse(String text) {
        return parse(new SchemaText(SchemaType.PROTOBUF, text));
    }

    /**
     * Parses {@code schema}'s text, its imports resolved among the well-known files and then its references.
     *
     * @throws IllegalArgumentException when a text is not a valid {@code .proto} file, or a file imports one that
     *                                  is neither well-known nor among its references
     */
    static FileDescriptor parse(SchemaText schema) {
        return parse(ROOT_FILE, schema, new HashMap<>());
    }

    /**
     * One file: {@code name} is the path other files import it by. {@code built} holds the referenced files built
     * so far by name, so that a file two others import is one descriptor (protobuf-java refuses two files of the
     * same name in one build) and each is built once.
     */
    private static FileDescriptor parse(String name, SchemaText schema, Map<String, FileDescriptor> built) {
        ProtoFileElement ast;
        try {
            ast = ProtoParser.Companion.parse(Location.get(name), schema.text());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where(name) + "not a valid .proto schema: " + e.getMessage(), e);
        }
        boolean proto3 = ast.getSyntax() == Syntax.PROTO_3;
        FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder()
                .setName(name)
                .setSyntax(proto3 ? "proto3" : "proto2");
        if (ast.getPackageName() != null) file.setPackage(ast.getPackageName());
        List<FileDescriptor> deps = new ArrayList<>();
        List<String> imports = new ArrayList<>(ast.getImports());
        imports.addAll(ast.getPublicImports());
        for (String path : imports) {
            file.addDependency(path);
            deps.add(imported(name, path, schema.references(), built));
        }
        for (TypeElement type : ast.getTypes()) {
            if (type instanceof MessageElement m) file.addMessageType(message(m, proto3));
            else if (type instanceof EnumElement e) file.addEnumType(enumType(e));
        }
        try {
            return FileDescriptor.buildFrom(file.build(), deps.toArray(FileDescriptor[]::new));
        } catch (DescriptorValidationException e) {
            throw new IllegalArgumentException(where(name) + "invalid .proto schema: " + e.getMessage(), e);
        }
    }

    /** The file {@code importer} imports as {@code path}: a well-known one, else one of {@code references}. */
    private static FileDescriptor imported(String importer, String path, Map<String, SchemaText> references,
                                           Map<String, FileDescriptor> built) {
        FileDescriptor known = WellKnownProtos.file(path);
        if (known != null) return known;
        FileDescriptor done = built.get(path);
        if (done != null) return done;
        SchemaText referenced = references.get(path);
        if (referenced == null) {
            throw new IllegalArgumentException(where(importer) + "import \"" + path + "\" is neither a well-known file nor "
                    + (references.isEmpty() ? "a schema reference (the registry gave none)"
                    : "among the schema's references (" + String.join(", ", new TreeSet<>(references.keySet())) + ")"));
        }
        if (referenced.type() != SchemaType.PROTOBUF) {
            throw new IllegalArgumentException(where(importer) + "import \"" + path + "\" refers to a " + referenced.type()
                    + " schema");
        }
        FileDescriptor dep = parse(path, referenced, built);
        built.put(path, dep);
        return dep;
    }

    /** Names the file in a message about an imported one; the schema itself needs no name. */
    private static String where(String name) {
        return ROOT_FILE.equals(name) ? "" : "imported file " + name + ": ";
    }

    private static DescriptorProto message(MessageElement element, boolean proto3) {
        if (!element.getGroups().isEmpty()) {
            throw new IllegalArgumentException("message " + element.getName() + " uses groups, which are not supported");
        }
        DescriptorProto.Builder msg = DescriptorProto.newBuilder().setName(element.getName());
        for (OptionElement option : element.getOptions()) {
            if ("map_entry".equals(option.getName())) {
                msg.setOptions(MessageOptions.newBuilder().setMapEntry(Boolean.parseBoolean(String.valueOf(option.getValue()))));
            }
        }
        // Fields in declaration order, wherever they were declared (in or out of a oneof).
        List<Declared> fields = new ArrayList<>();
        element.getFields().forEach(f -> fields.add(new Declared(f, -1)));
        List<OneOfElement> oneOfs = element.getOneOfs();
        for (int i = 0; i < oneOfs.size(); i++) {
            OneOfElement oneOf = oneOfs.get(i);
            msg.addOneofDecl(OneofDescriptorProto.newBuilder().setName(oneOf.getName()));
            for (FieldElement f : oneOf.getFields()) fields.add(new Declared(f, i));
        }
        fields.sort(Comparator.comparingInt((Declared d) -> d.field.getLocation().getLine())
                .thenComparingInt(d -> d.field.getLocation().getColumn()));
        Set<String> symbols = new HashSet<>();
        fields.forEach(d -> symbols.add(d.field.getName()));
        oneOfs.forEach(o -> symbols.add(o.getName()));
        List<String> syntheticOneofs = new ArrayList<>();
        List<FieldDescriptorProto.Builder> built = new ArrayList<>();
        // Nested messages in declaration order, map entries where their field is declared (as protoc does).
        List<Positioned> nestedTypes = new ArrayList<>();
        for (Declared d : fields) {
            FieldElement f = d.field;
            FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder().setName(f.getName()).setNumber(f.getTag());
            if (f.getJsonName() != null) field.setJsonName(f.getJsonName());
            for (OptionElement option : f.getOptions()) {
                if ("packed".equals(option.getName())) {
                    field.setOptions(FieldOptions.newBuilder().setPacked(Boolean.parseBoolean(String.valueOf(option.getValue()))));
                }
            }
            String type = f.getType();
            Field.Label label = f.getLabel();
            if (type.startsWith("map<")) {
                String[] kv = type.substring(4, type.length() - 1).split(",", 2);
                String entryName = ProtoSchemaDeriver.FieldNames.mapEntryName(f.getName());
                nestedTypes.add(new Positioned(f.getLocation(), mapEntry(entryName, kv[0].trim(), kv[1].trim())));
                field.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                        .setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(entryName);
            } else {
                setType(field, type);
                field.setLabel(label == Field.Label.REPEATED ? FieldDescriptorProto.Label.LABEL_REPEATED
                        : label == Field.Label.REQUIRED ? FieldDescriptorProto.Label.LABEL_REQUIRED
                        : FieldDescriptorProto.Label.LABEL_OPTIONAL);
            }
            if (d.oneOf >= 0) {
                field.setOneofIndex(d.oneOf);
            } else if (proto3 && label == Field.Label.OPTIONAL) {
                field.setProto3Optional(true).setOneofIndex(oneOfs.size() + syntheticOneofs.size());
                syntheticOneofs.add(ProtoSchemaDeriver.FieldNames.syntheticOneofName(f.getName(), symbols));
            }
            built.add(field);
        }
        // Synthetic oneofs come after the declared ones, as protoc orders them.
        syntheticOneofs.forEach(name -> msg.addOneofDecl(OneofDescriptorProto.newBuilder().setName(name)));
        built.forEach(msg::addField);
        reserved(element, msg);
        for (TypeElement nested : element.getNestedTypes()) {
            if (nested instanceof MessageElement m) nestedTypes.add(new Positioned(m.getLocation(), message(m, proto3)));
            else if (nested instanceof EnumElement e) msg.addEnumType(enumType(e));
        }
        nestedTypes.sort(Comparator.comparingInt((Positioned p) -> p.location.getLine())
                .thenComparingInt(p -> p.location.getColumn()));
        nestedTypes.forEach(p -> msg.addNestedType(p.message));
        return msg.build();
    }

    /** {@code reserved 2, 5 to 7, 9 to max;} and {@code reserved "name";}: numbers as ranges (end exclusive), names. */
    private static void reserved(MessageElement element, DescriptorProto.Builder msg) {
        for (ReservedElement reserved : element.getReserveds()) {
            for (Object value : reserved.getValues()) {
                if (value instanceof Integer n) {
                    msg.addReservedRange(DescriptorProto.ReservedRange.newBuilder().setStart(n).setEnd(n + 1));
                } else if (value instanceof IntRange r) {
                    msg.addReservedRange(DescriptorProto.ReservedRange.newBuilder().setStart(r.getFirst())
                            .setEnd(r.getLast() == Integer.MAX_VALUE ? Integer.MAX_VALUE : r.getLast() + 1));
                } else if (value instanceof String name) {
                    msg.addReservedName(name);
                }
            }
        }
    }

    private record Positioned(Location location, DescriptorProto message) {
    }

    private record Declared(FieldElement field, int oneOf) {
    }

    private static DescriptorProto mapEntry(String name, String keyType, String valueType) {
        FieldDescriptorProto.Builder key = FieldDescriptorProto.newBuilder().setName("key").setNumber(1)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
        setType(key, keyType);
        FieldDescriptorProto.Builder value = FieldDescriptorProto.newBuilder().setName("value").setNumber(2)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
        setType(value, valueType);
        return DescriptorProto.newBuilder().setName(name)
                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                .addField(key).addField(value).build();
    }

    /** Scalars by keyword; message and enum names are left for protobuf-java to resolve (it sets the type too). */
    private static void setType(FieldDescriptorProto.Builder field, String type) {
        FieldDescriptorProto.Type scalar = SCALARS.get(type);
        if (scalar != null) field.setType(scalar);
        else field.setTypeName(type);
    }

    private static EnumDescriptorProto enumType(EnumElement element) {
        EnumDescriptorProto.Builder e = EnumDescriptorProto.newBuilder().setName(element.getName());
        for (EnumConstantElement constant : element.getConstants()) {
            e.addValue(EnumValueDescriptorProto.newBuilder().setName(constant.getName()).setNumber(constant.getTag()));
        }
        return e.build();
    }
}
