package io.cdctoolkit.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.daead.DeterministicAeadConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Set;

/**
 * Reads and writes Tink keysets in Tink's cleartext JSON format ({@link TinkJsonProtoKeysetFormat}),
 * the format {@code cdc_features.encryption.keyset} takes. Files are written owner-only (600) and
 * atomically (a temporary file in the same folder, then a rename), so a reader never sees half a
 * keyset and a failed write leaves the old keyset in place.
 *
 * <p>Messages never quote the file's contents: a corrupt keyset may still hold key bytes, so only
 * positions and reasons are reported, never Tink's or Jackson's own messages (which can quote tokens).
 */
final class KeysetFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeysetFile() {
    }

    /** Registers the Tink key types the encryption modes use (idempotent; Tink keeps the registry). */
    static void registerTink() throws UsageProblem {
        try {
            AeadConfig.register();
            DeterministicAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new UsageProblem("cannot initialise Tink: " + e.getClass().getSimpleName());
        }
    }

    /** Reads and parses the keyset in {@code file}. */
    static KeysetHandle read(Path file) throws UsageProblem {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageProblem("keyset file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new UsageProblem("keyset file " + file + " cannot be read: permission denied");
        } catch (IOException e) {
            throw new UsageProblem("keyset file " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
        return parse(text, "keyset file " + file);
    }

    /**
     * Parses a cleartext JSON keyset.
     *
     * @param what how messages name the keyset, e.g. {@code keyset file k.json}
     */
    static KeysetHandle parse(String text, String what) throws UsageProblem {
        registerTink();
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new UsageProblem(what + " is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": expected a Tink JSON keyset");
        }
        if (root == null || !root.isObject()) {
            throw new UsageProblem(what + " is not a Tink JSON keyset: expected a JSON object with \"primaryKeyId\" and \"key\"");
        }
        if (root.has("encryptedKeyset")) {
            throw new UsageProblem(what + " is an encrypted (KMS-wrapped) keyset:"
                    + " `keys` manages cleartext JSON keysets only in this build");
        }
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(text, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            // Tink's message is left out on purpose: it may quote parts of the keyset.
            throw new UsageProblem(what + " is not a valid Tink JSON keyset (Tink rejected it: "
                    + e.getClass().getSimpleName() + "); expected the output of `cdc-toolkit keys generate`"
                    + " or Tink's TinkJsonProtoKeysetFormat");
        }
    }

    /** The keyset as Tink's cleartext JSON. */
    static String serialize(KeysetHandle keyset) throws UsageProblem {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new UsageProblem("cannot serialise the keyset: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Writes {@code keyset} to {@code file} with permissions 600 through a temporary file and an atomic
     * rename. A symbolic link is followed, so the file it points to is replaced, not the link.
     *
     * @param replace whether an existing file may be replaced
     */
    static void write(Path file, KeysetHandle keyset, boolean replace) throws UsageProblem {
        String json = serialize(keyset);
        Path target = realTarget(file);
        // Checked before writing, not by the rename (which replaces): a file created in between is
        // a race with another writer that a one-shot command does not try to win.
        if (!replace && Files.exists(target)) {
            throw new UsageProblem(file + " already exists: not overwritten (use --force to replace it;"
                    + " the keys in it would be lost, and with them every value encrypted with them)");
        }
        Path folder = target.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new UsageProblem("cannot write " + file + ": folder " + folder + " does not exist");
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp", ownerOnly(folder));
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true); // on disk before the rename makes it the keyset
            }
            move(temp, target);
            temp = null;
        } catch (AccessDeniedException e) {
            throw new UsageProblem("cannot write " + file + ": permission denied");
        } catch (IOException e) {
            throw new UsageProblem("cannot write " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is owner-only and named after the keyset
                }
            }
        }
    }

    private static Path realTarget(Path file) throws UsageProblem {
        if (!Files.isSymbolicLink(file)) return file;
        try {
            return file.toRealPath();
        } catch (IOException e) {
            throw new UsageProblem(file + " is a symbolic link to a file that cannot be resolved");
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("the file appeared while writing", e);
        }
    }

    /** Owner read/write only, where the file system has POSIX permissions (elsewhere the folder's ACLs apply). */
    private static FileAttribute<?>[] ownerOnly(Path folder) {
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    }
}
