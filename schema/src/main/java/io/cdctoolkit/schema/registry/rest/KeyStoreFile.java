package io.cdctoolkit.schema.registry.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;

/**
 * A key or trust store file.
 *
 * @param path     the file
 * @param type     {@code PKCS12} (the default) or {@code JKS}
 * @param password its password
 */
public record KeyStoreFile(Path path, String type, Secret password) {
    public KeyStoreFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(password, "password");
    }

    /** A PKCS#12 store. */
    public static KeyStoreFile pkcs12(Path path, Secret password) {
        return new KeyStoreFile(path, "PKCS12", password);
    }

    /** Loads the store; the message of a failure names the file and the reason, never the password. */
    KeyStore load() {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.value().toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the " + type + " store " + path + ": " + e.getMessage(), e);
        }
    }
}
