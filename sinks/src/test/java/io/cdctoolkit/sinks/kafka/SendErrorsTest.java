package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.engine.spi.SinkRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SendErrorsTest {

    private static final SinkRecord RECORD = KafkaTestSupport.record("cdc.users", "k", "v");

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(new RecordTooLargeException("too big"), InvalidDataException.class),
                Arguments.of(new InvalidTopicException("bad name"), InvalidDataException.class),
                Arguments.of(new InvalidRecordException("Compacted topic cannot accept message without key"),
                        InvalidDataException.class),
                Arguments.of(new SerializationException("cannot serialize"), InvalidDataException.class),
                Arguments.of(new KafkaException("Failed to append record because it was part of a batch which had"
                        + " one more more invalid records"), InvalidDataException.class),
                Arguments.of(new TimeoutException("Expiring 3 record(s)"), RetryableException.class),
                Arguments.of(new NotEnoughReplicasException("isr"), RetryableException.class),
                Arguments.of(new TopicAuthorizationException(Set.of("cdc.users")), FatalException.class),
                Arguments.of(new ClusterAuthorizationException("no"), FatalException.class),
                Arguments.of(new SaslAuthenticationException("bad password"), FatalException.class),
                Arguments.of(new OutOfOrderSequenceException("seq"), FatalException.class),
                Arguments.of(new KafkaException("Producer closed while send in progress"), FatalException.class),
                Arguments.of(new IllegalStateException("Cannot perform operation after producer has been closed"),
                        FatalException.class));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("errors")
    void sortsKafkaErrorsIntoTheSinkContract(Exception error, Class<? extends Exception> expected) {
        Exception classified = SendErrors.classify(error, RECORD);
        assertThat(classified).isInstanceOf(expected).hasCause(error).hasMessageContaining("cdc.users");
        if (classified instanceof InvalidDataException invalid) {
            assertThat(invalid.stage()).isEqualTo("kafka-sink");
            assertThat(invalid.table()).isEqualTo(KafkaTestSupport.USERS);
        }
    }
}
