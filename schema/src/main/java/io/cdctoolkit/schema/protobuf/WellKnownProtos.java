package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.AnyProto;
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
 * proto-google-common-protos). Confluent Schema Registry, Apicurio and Karapace know the same files
 * without references, so schemas importing them register as plain text.
 */
final class WellKnownProtos {

    static final String TIMESTAMP_FILE = "google/protobuf/timestamp.proto";
    static final String DATE_FILE = "google/type/date.proto";
    static final String TIME_OF_DAY_FILE = "google/type/timeofday.proto";

    static final String TIMESTAMP = "google.protobuf.Timestamp";
    static final String DATE = "google.type.Date";
    static final String TIME_OF_DAY = "google.type.TimeOfDay";

    private static final Map<String, FileDescriptor> FILES = Map.of(
            TIMESTAMP_FILE, TimestampProto.getDescriptor(),
            DATE_FILE, DateProto.getDescriptor(),
            TIME_OF_DAY_FILE, TimeOfDayProto.getDescriptor(),
            "google/protobuf/duration.proto", DurationProto.getDescriptor(),
            "google/protobuf/wrappers.proto", WrappersProto.getDescriptor(),
            "google/protobuf/struct.proto", StructProto.getDescriptor(),
            "google/protobuf/any.proto", AnyProto.getDescriptor(),
            "google/protobuf/empty.proto", EmptyProto.getDescriptor(),
            "google/protobuf/field_mask.proto", FieldMaskProto.getDescriptor());

    private WellKnownProtos() {
    }

    /** The descriptor of a well-known import, or null when {@code path} is not one. */
    static FileDescriptor file(String path) {
        return FILES.get(path);
    }
}
