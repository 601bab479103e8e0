package io.cdctoolkit.schema.registry;

/**
 * Registering a schema first registers the schemas it references (a {@code .proto} file's imports) under their own
 * subjects, and the registry refused one of them: the refusal is that subject's, not the importing schema's.
 */
public final class ReferenceRefusedException extends RegistryRequestException {

    private final String subject;

    /**
     * @param subject the referenced schema's subject (its import path)
     * @param refusal the registry's answer to registering it there
     */
    public ReferenceRefusedException(String subject, RegistryRequestException refusal) {
        super(refusal.status(), refusal.errorCode(), "the imported file " + subject + " could not be registered under"
                + " subject " + subject + ": " + refusal.getMessage());
        initCause(refusal);
        this.subject = subject;
    }

    /** The subject the registry refused the referenced schema under. */
    public String subject() {
        return subject;
    }
}
