package io.cdctoolkit.cli;

import com.google.crypto.tink.KeysetHandle;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code keys generate}: a new one-key Tink keyset file for a mode of field encryption. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes a new Tink keyset (cleartext JSON, one key) to --out with permissions 600:"
                + " AES256_GCM for --mode random (default), AES256_SIV for --mode deterministic."
                + " Prints the key id and type, never the key.",
                "Exit 0 written, 2 usage or the file exists (without --force) or cannot be written."})
final class KeysGenerateCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    KeysCommand parent;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE",
            description = "The keyset file to write.")
    Path out;

    @CommandLine.Option(names = "--mode", paramLabel = "random|deterministic", defaultValue = "random",
            converter = ModeConverter.class,
            description = "The encryption mode the keyset is for: random (AES256_GCM, default) or deterministic (AES256_SIV).")
    KeysetMode mode;

    @CommandLine.Option(names = "--force", description = "Replace an existing file (its keys are lost).")
    boolean force;

    @Override
    public Integer call() {
        logging.apply();
        CliEnvironment env = parent.environment();
        try {
            KeysetFile.registerTink();
            KeysetHandle keyset = generate();
            KeysetFile.write(out, keyset, force);
            KeysetListing.KeyLine key = KeysetListing.of(keyset).primary();
            env.out().println("generated " + out + ": key " + key.id() + " " + key.type() + " (primary)");
            // The option takes the keyset's text, not a file name: show the reference that reads this file.
            env.out().println("use it in a source's cdc_features.encryption block: keyset: \"${file:"
                    + out.toAbsolutePath().normalize() + "}\"" + (mode == KeysetMode.DETERMINISTIC ? ", mode: deterministic" : ""));
            return ExitCodes.OK;
        } catch (UsageProblem e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        }
    }

    private KeysetHandle generate() throws UsageProblem {
        try {
            return KeysetHandle.generateNew(mode.parameters());
        } catch (GeneralSecurityException e) {
            throw new UsageProblem("Tink cannot generate a " + mode.name().toLowerCase(Locale.ROOT) + " key: "
                    + e.getClass().getSimpleName());
        }
    }

    /** {@code random} / {@code deterministic}, in any case. */
    static final class ModeConverter implements CommandLine.ITypeConverter<KeysetMode> {
        @Override
        public KeysetMode convert(String value) {
            for (KeysetMode m : KeysetMode.values()) {
                if (m.name().equalsIgnoreCase(value)) return m;
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a mode: expected random or deterministic");
        }
    }
}
