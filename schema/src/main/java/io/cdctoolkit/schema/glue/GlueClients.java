package io.cdctoolkit.schema.glue;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;

import java.time.Duration;

/** Builds the AWS SDK {@link GlueClient} for {@link GlueSettings}. */
public final class GlueClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private GlueClients() {
    }

    /**
     * A client on the JDK's HttpURLConnection transport (as AWS's own serde uses), with the SDK's
     * standard retries for throttling and 5xx; the caller closes it.
     */
    public static GlueClient create(GlueSettings settings) {
        GlueClientBuilder builder = GlueClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentialsProvider(settings.credentials()))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT)
                        .build());
        if (settings.endpoint() != null) builder.endpointOverride(settings.endpoint());
        return builder.build();
    }

    static AwsCredentialsProvider credentialsProvider(GlueCredentials credentials) {
        if (credentials instanceof GlueCredentials.StaticKeys k) {
            return StaticCredentialsProvider.create(k.sessionToken() == null
                    ? AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey())
                    : AwsSessionCredentials.create(k.accessKeyId(), k.secretAccessKey(), k.sessionToken()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
