package io.cdctoolkit.compat.nativepg;

/**
 * The parity suite's control: every workload through the Debezium engine twice (two slots, the second run
 * naming {@code engine: debezium} where the option exists), which must come out equal. It proves the
 * harness reads both runs the same way and that what {@link EventDiff} compares is deterministic for one
 * engine, so a difference {@link NativeParityTest} reports comes from the engines, not from the harness.
 */
class DebeziumSelfParityTest extends ParityWorkloads {

    @Override
    String candidateEngine() {
        return EngineRun.engineOptionExists() ? EngineRun.DEBEZIUM : null;
    }

    @Override
    String tag() {
        return "d";
    }
}
