package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walsender's refusal to send a value in binary, in the words of servers whose {@code lc_messages} is not English
 * (the texts are PostgreSQL 15's own translations, {@code postgres-15.mo} of Debian's package): before, only the
 * English text was recognized, and on a German, French or Japanese server an uncaptured {@code aclitem[]} table of the
 * publication stopped the native source at every start instead of switching it to text mode
 * ({@code NativeReaderParityTest} covers the English server end to end).
 */
class NoBinaryOutputTest {

    @Test
    void theRefusalIsKnownInEveryLanguageTheServerSpeaks() {
        for (String message : new String[] {
                "no binary output function available for type aclitem",
                "keine binäre Ausgabefunktion verfügbar für Typ aclitem",
                "aucune fonction de sortie binaire disponible pour le type aclitem",
                "型aclitemにはバイナリ出力関数がありません"}) {
            PSQLException refusal = new PSQLException("ERROR: " + message, PSQLState.UNDEFINED_FUNCTION);
            assertThat(NoBinaryOutput.in(refusal)).as(message).isTrue();
            assertThat(NoBinaryOutput.in(new IOException("streaming failed", refusal))).as("as a cause: " + message).isTrue();
        }
    }

    @Test
    void otherFailuresAreNotIt() {
        assertThat(NoBinaryOutput.in(new PSQLException("ERROR: replication slot \"s\" does not exist",
                PSQLState.UNDEFINED_OBJECT))).isFalse();
        assertThat(NoBinaryOutput.in(new PSQLException("Database connection failed when reading from copy",
                PSQLState.CONNECTION_FAILURE))).isFalse();
        assertThat(NoBinaryOutput.in(new IOException("no binary output function available"))).isFalse();
    }
}
