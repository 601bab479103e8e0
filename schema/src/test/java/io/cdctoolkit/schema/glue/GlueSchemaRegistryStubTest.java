package io.cdctoolkit.schema.glue;

import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.registry.RegistryServerErrorException;
import io.cdctoolkit.schema.registry.RegistryThrottledException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Compatibility;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.DataFormat;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetSchemaByDefinitionRequest;
import software.amazon.awssdk.services.glue.model.GetSchemaByDefinitionResponse;
import software.amazon.awssdk.services.glue.model.GetSchemaRequest;
import software.amazon.awssdk.services.glue.model.GetSchemaResponse;
import software.amazon.awssdk.services.glue.model.GetSchemaVersionRequest;
import software.amazon.awssdk.services.glue.model.GetSchemaVersionResponse;
import software.amazon.awssdk.services.glue.model.InternalServiceException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.ListSchemasRequest;
import software.amazon.awssdk.services.glue.model.ListSchemasResponse;
import software.amazon.awssdk.services.glue.model.MetadataInfo;
import software.amazon.awssdk.services.glue.model.QuerySchemaVersionMetadataRequest;
import software.amazon.awssdk.services.glue.model.QuerySchemaVersionMetadataResponse;
import software.amazon.awssdk.services.glue.model.RegisterSchemaVersionRequest;
import software.amazon.awssdk.services.glue.model.RegisterSchemaVersionResponse;
import software.amazon.awssdk.services.glue.model.SchemaListItem;
import software.amazon.awssdk.services.glue.model.SchemaVersionStatus;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What moto cannot show: moto makes every version AVAILABLE at once and accepts any change, and it
 * implements neither ListSchemas nor QuerySchemaVersionMetadata. Here a scripted {@link GlueClient}
 * answers as the Glue API documents (status PENDING then AVAILABLE/FAILURE, InvalidInputException,
 * throttling).
 */
class GlueSchemaRegistryStubTest {

    private static final SchemaText SCHEMA = new SchemaText(SchemaType.AVRO,
            "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}");
    private static final UUID VERSION = UUID.fromString("6f1c0e6e-3c1a-4b7e-9c1d-2d4f5a6b7c8d");

    private final List<Duration> sleeps = new ArrayList<>();
    private final GlueSchemaRegistry.PendingPoll poll =
            new GlueSchemaRegistry.PendingPoll(4, Duration.ofMillis(100), Duration.ofMillis(300), sleeps::add);

    private GlueSchemaRegistry registry(ScriptedGlue glue) {
        return new GlueSchemaRegistry(glue, false, GlueSettings.of("eu-west-1"), poll);
    }

    @Test
    void aPendingVersionIsPolledWithBackoffUntilAvailable() {
        ScriptedGlue glue = ScriptedGlue.versionNotFound()
                .registerAnswers(SchemaVersionStatus.PENDING)
                .versionStatuses(SchemaVersionStatus.PENDING, SchemaVersionStatus.PENDING, SchemaVersionStatus.AVAILABLE);

        assertThat(registry(glue).register("orders", SCHEMA)).isEqualTo(VERSION);
        assertThat(glue.getSchemaVersionCalls).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
    }

    @Test
    void aVersionThatEndsInFailureIsARejectedSchemaNamingTheSchemaAndItsCompatibility() {
        ScriptedGlue glue = ScriptedGlue.versionNotFound()
                .registerAnswers(SchemaVersionStatus.PENDING)
                .versionStatuses(SchemaVersionStatus.PENDING, SchemaVersionStatus.FAILURE);

        assertThatThrownBy(() -> registry(glue).register("orders", SCHEMA))
                .isInstanceOfSatisfying(GlueRegistryException.class, e -> {
                    assertThat(e.rejectedSchema()).isTrue();
                    assertThat(e.errorCode()).isEqualTo("FAILURE");
                    assertThat(e.getMessage()).contains("orders").contains(VERSION.toString()).contains("BACKWARD_ALL");
                });
    }

    /**
     * Two clients registering a version of one schema at once (two pipelines after the same ALTER TABLE): Glue answers
     * one of them ConcurrentModificationException. Not a refusal, which would stop the pipeline: worth another try,
     * which then finds the version the other client registered.
     */
    @Test
    void aConcurrentModificationIsTriedAgainNotARefusal() {
        ScriptedGlue glue = ScriptedGlue.versionNotFound();
        glue.registerFailure = ConcurrentModificationException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ConcurrentModificationException")
                        .errorMessage("Two processes are trying to modify a resource simultaneously.").build())
                .build();

        assertThatThrownBy(() -> registry(glue).register("orders", SCHEMA)).isInstanceOf(RetryableException.class)
                .hasMessageContaining("registering a version of schema 'orders': ConcurrentModificationException:"
                        + " Two processes are trying to modify a resource simultaneously. (another client changed the"
                        + " schema at the same time; tried again)");
    }

    @Test
    void gluesSynchronousRejectionCarriesGluesReason() {
        String reason = "Schema definition is not compatible: field amount has no default (BACKWARD)";
        ScriptedGlue glue = ScriptedGlue.versionNotFound();
        glue.registerFailure = InvalidInputException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidInputException").errorMessage(reason).build())
                .build();

        GlueSchemaRegistry registry = registry(glue);
        assertThatThrownBy(() -> registry.register("orders", SCHEMA))
                .isInstanceOfSatisfying(GlueRegistryException.class, e -> {
                    assertThat(e.rejectedSchema()).isTrue();
                    assertThat(e.errorCode()).isEqualTo("InvalidInputException");
                    assertThat(e.getMessage()).contains(reason);
                });
        assertThat(glue.registerCalls).isEqualTo(1);

        // the next event of the same table gets the same answer without another round trip to Glue
        assertThatThrownBy(() -> registry.register("orders", SCHEMA))
                .isInstanceOfSatisfying(GlueRegistryException.class, e -> assertThat(e.getMessage()).contains(reason));
        assertThat(glue.registerCalls).isEqualTo(1);
    }

    @Test
    void aVersionStillPendingAfterTheBoundIsRetryableNotAnError() {
        ScriptedGlue glue = ScriptedGlue.versionNotFound()
                .registerAnswers(SchemaVersionStatus.PENDING)
                .versionStatuses(SchemaVersionStatus.PENDING, SchemaVersionStatus.PENDING,
                        SchemaVersionStatus.PENDING, SchemaVersionStatus.PENDING, SchemaVersionStatus.PENDING);

        assertThatThrownBy(() -> registry(glue).register("orders", SCHEMA))
                .isInstanceOf(RetryableException.class)
                .hasMessageContaining("PENDING");
        assertThat(glue.getSchemaVersionCalls).isEqualTo(4);
    }

    @Test
    void aVersionGlueFoundIncompatibleOrStillChecksIsNoVersionOfTheSchema() {
        // Version 4 failed Glue's check, 3 is available, 2 is still being checked, 1 is available.
        ScriptedGlue glue = ScriptedGlue.numbered(4).versionStatuses(SchemaVersionStatus.FAILURE,
                SchemaVersionStatus.AVAILABLE, SchemaVersionStatus.PENDING, SchemaVersionStatus.AVAILABLE);
        assertThat(registry(glue).versions("orders")).extracting(SchemaText::text)
                .containsExactly(ScriptedGlue.definition(3), ScriptedGlue.definition(1));

        glue.versionStatuses(SchemaVersionStatus.FAILURE, SchemaVersionStatus.AVAILABLE);
        assertThat(registry(glue).latest("orders")).map(SchemaText::text).contains(ScriptedGlue.definition(3));
        assertThat(glue.getSchemaVersionCalls).as("the latest: versions 4 and 3 read, no more").isEqualTo(4 + 2);
    }

    @Test
    void throttlingAndServerErrorsAreRetryable() {
        ScriptedGlue throttled = new ScriptedGlue();
        throttled.lookupFailure = AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage("Rate exceeded").build())
                .build();
        // Glue's limit on the account's request rate: waited out by a pipeline, said as a limit by a command
        assertThatThrownBy(() -> registry(throttled).register("orders", SCHEMA))
                .isInstanceOf(RegistryThrottledException.class)
                .hasMessageContaining("ThrottlingException (HTTP 400) after the AWS SDK's retries: Rate exceeded (Glue"
                        + " limits this account's request rate in ");

        ScriptedGlue failing = new ScriptedGlue();
        failing.lookupFailure = InternalServiceException.builder().statusCode(500)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServiceException").errorMessage("oops").build())
                .build();
        // Glue's own failure: retried by a pipeline, but a command says Glue failed rather than cannot be reached
        assertThatThrownBy(() -> registry(failing).register("orders", SCHEMA))
                .isInstanceOfSatisfying(RegistryServerErrorException.class, e -> assertThat(e.status()).isEqualTo(500))
                .hasMessageContaining("InternalServiceException (HTTP 500) after the AWS SDK's retries: oops (Glue is"
                        + " reachable and failed on this request)");
        assertThatThrownBy(() -> registry(throttled).register("orders", SCHEMA))
                .isNotInstanceOf(RegistryServerErrorException.class);

        ScriptedGlue unavailable = new ScriptedGlue();
        unavailable.lookupFailure = AwsServiceException.builder().statusCode(503)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceUnavailable").errorMessage("later").build())
                .build();
        assertThatThrownBy(() -> registry(unavailable).register("orders", SCHEMA)).isInstanceOf(RetryableException.class)
                .isNotInstanceOf(RegistryServerErrorException.class).isNotInstanceOf(RegistryThrottledException.class);
    }

    @Test
    void aStandardIdUnknownToThisProcessIsFoundThroughVersionMetadata() {
        ScriptedGlue glue = new ScriptedGlue();
        glue.schemas = List.of("customers", "orders");
        int id = StandardIds.of(VERSION);
        glue.metadataOwner.put("orders", VERSION);

        assertThat(registry(glue).schemaById(id)).isEqualTo(SCHEMA);
        assertThat(glue.queriedSchemas).containsExactly("customers", "orders");
        // schema get --id N (wire_format: standard): the version, or not found
        assertThat(registry(glue).versionIdOf(id)).isEqualTo(VERSION);
        assertThatThrownBy(() -> registry(glue).versionIdOf(id + 1)).isInstanceOfSatisfying(GlueRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo("EntityNotFoundException"));
    }

    /** {@code schema subjects} in Glue: every page of ListSchemas, which moto does not implement. */
    @Test
    void theSchemaNamesAreEveryPageOfListSchemas() {
        ScriptedGlue glue = new ScriptedGlue();
        glue.schemas = List.of("orders", "orders-key", "customers", "customers-key", "invoices");

        assertThat(registry(glue).schemaNames()).containsExactly("orders", "orders-key", "customers", "customers-key",
                "invoices");
        assertThat(glue.listSchemasCalls).isEqualTo(3);
    }

    @Test
    void twoVersionsDerivingOneStandardIdAreACollisionNotASilentMixUp() {
        UUID[] pair = collidingPair();
        GlueSchemaRegistry registry = registry(new ScriptedGlue());

        int id = registry.standardId(pair[0]);
        assertThat(StandardIds.of(pair[1])).isEqualTo(id);
        assertThatThrownBy(() -> registry.standardId(pair[1]))
                .isInstanceOfSatisfying(GlueRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("StandardIdCollision");
                    assertThat(e.getMessage()).contains(pair[0].toString()).contains(pair[1].toString())
                            .contains(Integer.toString(id));
                });
        // the first mapping stays
        assertThat(registry.standardId(pair[0])).isEqualTo(id);
    }

    /** Two UUIDs whose 31-bit ids collide (birthday search: ~2^16 tries). */
    private static UUID[] collidingPair() {
        Random random = new Random(42);
        Map<Integer, UUID> seen = new HashMap<>();
        while (true) {
            UUID u = new UUID(random.nextLong(), random.nextLong());
            UUID previous = seen.putIfAbsent(StandardIds.of(u), u);
            if (previous != null && !previous.equals(u)) return new UUID[] {previous, u};
        }
    }

    /** A GlueClient that answers from a script; every other call fails (GlueClient's defaults). */
    private static final class ScriptedGlue implements GlueClient {
        AwsServiceException lookupFailure;
        AwsServiceException registerFailure;
        SchemaVersionStatus registerStatus = SchemaVersionStatus.AVAILABLE;
        final Deque<SchemaVersionStatus> statuses = new ArrayDeque<>();
        int getSchemaVersionCalls;
        int registerCalls;
        List<String> schemas = List.of();
        int listSchemasCalls;
        /** When above 0: GetSchemaVersion answers by number, the latest being this one ({@link #numbered}). */
        long latestNumber;
        final Map<String, UUID> metadataOwner = new HashMap<>();
        final List<String> queriedSchemas = new ArrayList<>();

        /** A schema whose latest version is {@code latest}; each version's definition names its number. */
        static ScriptedGlue numbered(long latest) {
            ScriptedGlue glue = new ScriptedGlue();
            glue.latestNumber = latest;
            return glue;
        }

        static String definition(long number) {
            return "{\"type\":\"record\",\"name\":\"V" + number + "\",\"fields\":[]}";
        }

        static ScriptedGlue versionNotFound() {
            ScriptedGlue glue = new ScriptedGlue();
            glue.lookupFailure = EntityNotFoundException.builder().statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("EntityNotFoundException")
                            .errorMessage("Schema version is not found. RegistryName: default-registry").build())
                    .build();
            return glue;
        }

        ScriptedGlue registerAnswers(SchemaVersionStatus status) {
            registerStatus = status;
            return this;
        }

        ScriptedGlue versionStatuses(SchemaVersionStatus... s) {
            statuses.addAll(List.of(s));
            return this;
        }

        @Override
        public GetSchemaByDefinitionResponse getSchemaByDefinition(GetSchemaByDefinitionRequest request) {
            if (lookupFailure != null) throw lookupFailure;
            return GetSchemaByDefinitionResponse.builder().schemaVersionId(VERSION.toString())
                    .status(SchemaVersionStatus.AVAILABLE).build();
        }

        @Override
        public RegisterSchemaVersionResponse registerSchemaVersion(RegisterSchemaVersionRequest request) {
            registerCalls++;
            if (registerFailure != null) throw registerFailure;
            return RegisterSchemaVersionResponse.builder().schemaVersionId(VERSION.toString())
                    .versionNumber(2L).status(registerStatus).build();
        }

        @Override
        public GetSchemaVersionResponse getSchemaVersion(GetSchemaVersionRequest request) {
            getSchemaVersionCalls++;
            SchemaVersionStatus status = statuses.isEmpty() ? SchemaVersionStatus.AVAILABLE : statuses.removeFirst();
            if (latestNumber > 0) {
                var number = request.schemaVersionNumber();
                long n = Boolean.TRUE.equals(number.latestVersion()) ? latestNumber : number.versionNumber();
                return GetSchemaVersionResponse.builder().versionNumber(n).status(status).dataFormat(DataFormat.AVRO)
                        .schemaDefinition(definition(n)).build();
            }
            return GetSchemaVersionResponse.builder().schemaVersionId(request.schemaVersionId()).status(status)
                    .dataFormat(DataFormat.AVRO).schemaDefinition(SCHEMA.text()).build();
        }

        @Override
        public GetSchemaResponse getSchema(GetSchemaRequest request) {
            return GetSchemaResponse.builder().schemaName(request.schemaId().schemaName())
                    .compatibility(Compatibility.BACKWARD_ALL).build();
        }

        /** Pages of two names, as Glue pages (its default page holds more), the next page's start as the token. */
        @Override
        public ListSchemasResponse listSchemas(ListSchemasRequest request) {
            listSchemasCalls++;
            int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
            int to = Math.min(from + 2, schemas.size());
            return ListSchemasResponse.builder()
                    .schemas(schemas.subList(from, to).stream().map(n -> SchemaListItem.builder().schemaName(n).build())
                            .toList())
                    .nextToken(to < schemas.size() ? Integer.toString(to) : null).build();
        }

        @Override
        public QuerySchemaVersionMetadataResponse querySchemaVersionMetadata(QuerySchemaVersionMetadataRequest request) {
            String schema = request.schemaId().schemaName();
            queriedSchemas.add(schema);
            UUID owner = metadataOwner.get(schema);
            if (owner == null) return QuerySchemaVersionMetadataResponse.builder().build();
            String key = request.metadataList().get(0).metadataKey();
            String value = request.metadataList().get(0).metadataValue();
            return QuerySchemaVersionMetadataResponse.builder().schemaVersionId(owner.toString())
                    .metadataInfoMap(Map.of(key, MetadataInfo.builder().metadataValue(value).build())).build();
        }

        @Override
        public String serviceName() {
            return "glue";
        }

        @Override
        public void close() {
        }
    }
}
