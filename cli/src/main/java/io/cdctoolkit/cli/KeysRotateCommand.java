package io.cdctoolkit.cli;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.daead.AesSivKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.Callable;

/**
 * {@code keys rotate}: adds a new key of the primary's type and makes it primary. Every other key
 * keeps its status, so values encrypted before the rotation still decrypt: retiring an old key is a
 * separate decision (once nothing encrypted with it is kept) that this command does not take.
 */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Adds a new key to a Tink keyset file and makes it the primary (the key that encrypts);"
                + " the other keys stay as they are, so values encrypted with them still decrypt."
                + " The file is replaced atomically, with permissions 600. Prints the new primary key id.",
                "A running pipeline encrypts with the new key after its restart.",
                "Exit 0 rotated, 2 usage or the file is missing, not a keyset, or cannot be written."})
final class KeysRotateCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    KeysCommand parent;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.Option(names = {"-k", "--keyset"}, required = true, paramLabel = "FILE",
            description = "The keyset file to rotate (Tink cleartext JSON).")
    Path keysetFile;

    @Override
    public Integer call() {
        logging.apply();
        CliEnvironment env = parent.environment();
        try {
            KeysetHandle before = KeysetFile.read(keysetFile);
            KeysetListing.KeyLine previous = KeysetListing.of(before).primary();
            KeysetHandle after = rotate(before);
            KeysetFile.write(keysetFile, after, true);
            KeysetListing listing = KeysetListing.of(after);
            KeysetListing.KeyLine primary = listing.primary();
            env.out().println("rotated " + keysetFile + ": new primary key " + primary.id() + " " + primary.type()
                    + "; previous primary " + previous.id() + " stays " + previous.status() + " (it still decrypts); "
                    + listing.keys().size() + " keys");
            if (after.getPrimary().getKey() instanceof AesSivKey) {
                // Deterministic values are equal only under one key: what a restart encrypts no longer matches.
                env.err().println("note: a deterministic keyset: from the restart on, a value encrypts differently"
                        + " than it did before the rotation, so encrypted record keys change (a row's records before"
                        + " and after it have two Kafka keys, which compaction keeps apart) and joins on encrypted"
                        + " columns match only within each side of it");
            }
            return ExitCodes.OK;
        } catch (UsageProblem e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        }
    }

    private KeysetHandle rotate(KeysetHandle keyset) throws UsageProblem {
        Parameters parameters;
        try {
            parameters = keyset.getPrimary().getKey().getParameters();
        } catch (RuntimeException e) {
            throw new UsageProblem("keyset file " + keysetFile + " has no usable primary key to take the key type from");
        }
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
            builder.addEntry(KeysetHandle.generateEntryFromParameters(parameters).withRandomId().makePrimary());
            return builder.build();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new UsageProblem("Tink cannot add a key like the primary of " + keysetFile + " ("
                    + e.getClass().getSimpleName() + "): `keys rotate` supports the AES256_GCM and AES256_SIV"
                    + " keysets of `keys generate`");
        }
    }
}
