package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.AnyProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.WrappersProto;
import com.google.type.DateProto;
import com.google.type.TimeOfDayProto;

import java.util.Map;

/**
 * The imports a schema may use without registry references: Google's well-known types (shipped in
 * protobuf-java) and {@code google/type/date.proto} / {@code timeofday.proto} (shipped in
 * proto-google-common-protos), {@code google/protobuf/descriptor.proto}, and Confluent's own
 * {@code confluent/type/decimal.proto} and {@code confluent/meta.proto} ({@link ConfluentProtos}), which its Protobuf
 * converter imports. Confluent Schema Registry knows the same files without references (Apicurio and Karapace the
 * Google ones), so schemas importing them register as plain text.
 */
final class WellKnownProtos {

    static final String TIMESTAMP_FILE = "google/protobuf/timestamp.proto";
    static final String DATE_FILE = "google/type/date.proto";
    static final String TIME_OF_DAY_FILE = "google/type/timeofday.proto";

    static final String TIMESTAMP = "google.protobuf.Timestamp";
    static final String DATE = "google.type.Date";
    static final String TIME_OF_DAY = "google.type.TimeOfDay";

    private static final Map<String, FileDescriptor> FILES = Map.ofEntries(
            Map.entry(TIMESTAMP_FILE, TimestampProto.getDescriptor()),
            Map.entry(DATE_FILE, DateProto.getDescriptor()),
            Map.entry(TIME_OF_DAY_FILE, TimeOfDayProto.getDescriptor()),
            Map.entry("google/protobuf/duration.proto", DurationProto.getDescriptor()),
            Map.entry("google/protobuf/wrappers.proto", WrappersProto.getDescriptor()),
            Map.entry("google/protobuf/struct.proto", StructProto.getDescriptor()),
            Map.entry("google/protobuf/any.proto", AnyProto.getDescriptor()),
            Map.entry("google/protobuf/empty.proto", EmptyProto.getDescriptor()),
            Map.entry("google/protobuf/field_mask.proto", FieldMaskProto.getDescriptor()),
            Map.entry("google/protobuf/descriptor.proto", DescriptorProtos.getDescriptor()),
            Map.entry(ConfluentProtos.DECIMAL_FILE, ConfluentProtos.decimal()),
            Map.entry(ConfluentProtos.META_FILE, ConfluentProtos.meta()));

    private WellKnownProtos() {
    }

    /** The descriptor of a well-known import, or null when {@code path} is not one. */
    static FileDescriptor file(String path) {
        return FILES.get(path);
    }
}
