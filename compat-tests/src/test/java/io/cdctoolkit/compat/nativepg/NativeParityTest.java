package io.cdctoolkit.compat.nativepg;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The parity suite proper: every workload through the Debezium engine and through {@code engine: native}
 * (issue 12), equal event by event. Skipped, with a message, while this build's {@code postgres-cdc} has no
 * {@code engine: native}.
 */
class NativeParityTest extends ParityWorkloads {

    @BeforeEach
    void nativeEngineExists() {
        Assumptions.assumeTrue(EngineRun.nativeEngineAvailable(),
                "engine: native not available in this build (postgres-cdc has no option engine with the value native)");
    }

    @Override
    String candidateEngine() {
        return EngineRun.NATIVE;
    }

    @Override
    String tag() {
        return "n";
    }
}
