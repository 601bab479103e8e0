package io.cdctoolkit.security.keys;

import com.google.crypto.tink.Aead;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptRequest;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;

/**
 * An AWS KMS key as a Tink {@link Aead}: the key-encryption key of a KMS-wrapped keyset.
 *
 * <p>Written here over AWS SDK v2 rather than taken from {@code tink-awskms}, whose newest release
 * (1.11) is built on AWS SDK v1 — out of support and a second AWS stack next to the v2 SDK this
 * project already uses for Glue. It follows {@code tink-awskms}'s {@code AwsKmsAead} exactly, so
 * keysets wrapped by Tink's own AWS KMS integration (Tinkey, other languages) unwrap here and the
 * other way round: associated data travels as the encryption context entry {@code associatedData}
 * (lower-case hex) when not empty, and a decryption whose answer names another key fails.
 */
final class KmsAead implements Aead {

    private final KmsClient kms;
    private final String keyArn;

    KmsAead(KmsClient kms, String keyArn) {
        this.kms = kms;
        this.keyArn = keyArn;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        try {
            EncryptRequest.Builder request = EncryptRequest.builder().keyId(keyArn)
                    .plaintext(SdkBytes.fromByteArray(plaintext));
            if (associatedData != null && associatedData.length > 0) {
                request.encryptionContext(context(associatedData));
            }
            return kms.encrypt(request.build()).ciphertextBlob().asByteArray();
        } catch (SdkException e) {
            throw new GeneralSecurityException("AWS KMS encrypt with " + keyArn + " failed: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        DecryptResponse response;
        try {
            DecryptRequest.Builder request = DecryptRequest.builder().keyId(keyArn)
                    .ciphertextBlob(SdkBytes.fromByteArray(ciphertext));
            if (associatedData != null && associatedData.length > 0) {
                request.encryptionContext(context(associatedData));
            }
            response = kms.decrypt(request.build());
        } catch (SdkException e) {
            throw new GeneralSecurityException("AWS KMS decrypt with " + keyArn + " failed: " + reason(e));
        }
        if (!keyArn.equals(response.keyId())) {
            throw new GeneralSecurityException("AWS KMS decrypted with another key than " + keyArn);
        }
        return response.plaintext().asByteArray();
    }

    private static Map<String, String> context(byte[] associatedData) {
        return Map.of("associatedData", HexFormat.of().formatHex(associatedData));
    }

    /** The AWS error code (never a message body, which could echo request data). */
    static String reason(SdkException e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws
                && aws.awsErrorDetails() != null && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "KmsAead[" + keyArn + "]";
    }
}
