package io.cdctoolkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.KeysetHandle;
import io.cdctoolkit.engine.config.ConfigScope;
import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code keys show}: the keys of a keyset file, or of the keyset a source's
 * {@code cdc_features.encryption.keyset} holds: id, status, type, output prefix, primary. Never key material.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Lists the keys of a Tink keyset: key id, status (ENABLED, DISABLED, DESTROYED), type"
                + " (AES256_GCM, AES256_SIV, …), output prefix and which key is primary. Never prints key material.",
                "The keyset is a file (--keyset) or a source's cdc_features.encryption.keyset (--config F --source S).",
                "Exit 0 shown, 2 usage or not a readable keyset."})
final class KeysShowCommand implements Callable<Integer> {

    private static final String ENCRYPTION = "encryption";

    @CommandLine.ParentCommand
    KeysCommand parent;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    /** A keyset file, or a config's source. */
    static final class Which {
        @CommandLine.Option(names = {"-k", "--keyset"}, paramLabel = "FILE",
                description = "The keyset file (Tink cleartext JSON).")
        Path keysetFile;

        @CommandLine.ArgGroup(exclusive = false)
        FromConfig fromConfig;
    }

    /** {@code --config F --source S}. */
    static final class FromConfig {
        @CommandLine.Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
                description = "The config file (YAML).")
        Path config;

        @CommandLine.Option(names = "--source", required = true, paramLabel = "S",
                description = "The source whose cdc_features.encryption.keyset to show.")
        String source;
    }

    @Override
    public Integer call() {
        logging.apply();
        CliEnvironment env = parent.environment();
        try {
            String what;
            KeysetHandle keyset;
            if (which.keysetFile != null) {
                what = "keyset file " + which.keysetFile;
                keyset = KeysetFile.read(which.keysetFile);
            } else {
                ConfigOption option = new ConfigOption();
                option.file = which.fromConfig.config;
                ToolkitConfig config = option.load(env,
                        ConfigScope.of("sources." + which.fromConfig.source + ".config.cdc_features." + ENCRYPTION));
                if (config == null) return ExitCodes.CONFIG_ERROR;
                SourceDefinition source = config.source(which.fromConfig.source).orElseThrow(() -> new UsageProblem(
                        "no source named '" + which.fromConfig.source + "' in " + which.fromConfig.config
                                + " (sources: " + String.join(", ", config.sources().keySet()) + ")"));
                what = source.configKeyPath() + ".cdc_features." + ENCRYPTION + ".keyset";
                keyset = KeysetFile.parse(keysetText(source), what);
            }
            KeysetListing listing = KeysetListing.of(keyset);
            KeysetListing.KeyLine primary = listing.primary();
            env.out().println(what + ": " + listing.keys().size() + (listing.keys().size() == 1 ? " key" : " keys")
                    + ", primary " + (primary == null ? "none" : primary.id()));
            listing.print(env.out());
            return ExitCodes.OK;
        } catch (UsageProblem e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        }
    }

    /** The source's keyset as JSON text: a string (e.g. from {@code ${file:…}}) or a JSON object written inline in YAML. */
    private static String keysetText(SourceDefinition source) throws UsageProblem {
        String path = source.configKeyPath() + ".cdc_features." + ENCRYPTION;
        if (!(source.cdcFeatures().get(ENCRYPTION) instanceof Map<?, ?> encryption)) {
            throw new UsageProblem("source '" + source.name() + "' has no " + path + " block");
        }
        if (encryption.containsKey("kms_uri")) {
            throw new UsageProblem(path + " is a KMS-wrapped keyset (kms_uri): `keys show` reads cleartext keysets only in this build");
        }
        Object keyset = encryption.get("keyset");
        if (keyset == null) {
            throw new UsageProblem(path + " has no keyset" + (encryption.containsKey("key")
                    ? " (it uses key:, a raw key without Tink key ids; `keys generate` makes a keyset that can rotate)" : ""));
        }
        if (keyset instanceof String text) return text;
        if (keyset instanceof Map<?, ?> inline) {
            try {
                return new ObjectMapper().writeValueAsString(inline);
            } catch (JsonProcessingException e) {
                throw new UsageProblem(path + ".keyset cannot be read as JSON");
            }
        }
        throw new UsageProblem(path + ".keyset is not a Tink JSON keyset (expected JSON text, e.g. ${file:/path/keyset.json})");
    }
}
