package io.cdctoolkit.schema.registry;

import io.cdctoolkit.schema.format.SchemaText;

/**
 * Registering a schema first registers the schemas it references (a {@code .proto} file's imports, an Avro schema's
 * named types, a JSON Schema's {@code $ref}d documents) under their own subjects, and the registry refused one of them: the refusal is that subject's, not the
 * referring schema's.
 */
public final class ReferenceRefusedException extends RegistryRequestException {

    private final String subject;

    /**
     * @param subject    the referenced schema's subject (the reference's name: an import path, a type's full name, a
     *                   {@code $ref})
     * @param referenced the referenced schema
     * @param refusal    the registry's answer to registering it there
     */
    public ReferenceRefusedException(String subject, SchemaText referenced, RegistryRequestException refusal) {
        super(refusal.status(), refusal.errorCode(), describe(referenced, subject) + " could not be registered under"
                + " subject " + subject + ": " + refusal.getMessage());
        initCause(refusal);
        this.subject = subject;
    }

    /**
     * {@code the imported file a/b.proto}, {@code the referenced type com.acme.Money}, {@code the referenced document
     * money.json}: a reference as its schema names it.
     */
    public static String describe(SchemaText referenced, String name) {
        return switch (referenced.type()) {
            case PROTOBUF -> "the imported file ";
            case AVRO -> "the referenced type ";
            case JSON_SCHEMA -> "the referenced document ";
        } + name;
    }

    /** The subject the registry refused the referenced schema under. */
    public String subject() {
        return subject;
    }
}
