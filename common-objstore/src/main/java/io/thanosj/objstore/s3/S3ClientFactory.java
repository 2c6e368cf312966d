package io.thanosj.objstore.s3;

import io.thanosj.objstore.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.utils.AttributeMap;

/** Builds the AWS SDK v2 client for an {@link S3Config}, with Thanos' meaning of each key. */
final class S3ClientFactory {
    private static final Logger LOG = LoggerFactory.getLogger(S3ClientFactory.class);
    private static final Pattern AWS_REGIONAL_ENDPOINT = Pattern.compile("^s3[.-](?:dualstack\\.)?([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$");
    /** Go's net.Dialer timeout in Thanos' transport. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private S3ClientFactory() {}

    static S3Client create(S3Config c) {
        return S3Client.builder()
                .httpClient(httpClient(c.httpConfig()))
                .endpointOverride(URI.create((c.insecure() ? "http://" : "https://") + c.endpoint()))
                .region(Region.of(region(c)))
                .forcePathStyle(pathStyle(c))
                .credentialsProvider(credentials(c))
                // S3-compatible stores (MinIO, Ceph, S3Proxy, OSS's S3 API) do not all know the SDK's
                // newer default checksums; send and check them only where S3 requires them.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> {
                    // Our RetryPolicy retries; SDK retries on top would multiply attempts.
                    o.retryStrategy(DefaultRetryStrategy.doNotRetry());
                    o.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, "thanosj");
                    if (c.traceEnabled()) {
                        o.addExecutionInterceptor(new TraceInterceptor());
                    }
                })
                .build();
    }

    /** Region from the config, else from an AWS regional endpoint name, else us-east-1. */
    static String region(S3Config c) {
        if (!c.region().isEmpty()) {
            return c.region();
        }
        Matcher m = AWS_REGIONAL_ENDPOINT.matcher(host(c.endpoint()));
        if (m.matches() && !"external-1".equals(m.group(1))) {
            return m.group(1);
        }
        return "us-east-1";
    }

    private static String host(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        return (colon > 0 && endpoint.indexOf(']') < colon ? endpoint.substring(0, colon) : endpoint).toLowerCase(Locale.ROOT);
    }

    /**
     * minio-go's "auto" lookup: virtual-hosted requests only for AWS endpoints (and bucket names
     * without dots, which break TLS wildcard certificates); path-style for everything else.
     */
    static boolean pathStyle(S3Config c) {
        switch (c.bucketLookupType()) {
            case PATH:
                return true;
            case VIRTUAL_HOSTED:
                return false;
            default:
                String host = host(c.endpoint());
                boolean aws = host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn");
                return !aws || (!c.insecure() && c.bucket().contains("."));
        }
    }

    private static AwsCredentialsProvider credentials(S3Config c) {
        if (c.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(c.sessionToken().isEmpty()
                    ? AwsBasicCredentials.create(c.accessKey(), c.secretKey())
                    : AwsSessionCredentials.create(c.accessKey(), c.secretKey(), c.sessionToken()));
        }
        // Environment, system properties, web identity (IRSA), profile files, ECS and EC2 metadata.
        return DefaultCredentialsProvider.builder().build();
    }

    private static SdkHttpClient httpClient(S3Config.HttpConfig h) {
        int maxConnections = h.maxConnsPerHost() > 0 ? h.maxConnsPerHost() : Math.max(h.maxIdleConnsPerHost(), 50);
        Apache5HttpClient.Builder b = Apache5HttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                // Apache has no "response header" timeout; a socket read timeout bounds the same wait.
                .socketTimeout(h.responseHeaderTimeout().isZero() ? Duration.ZERO : h.responseHeaderTimeout())
                .connectionMaxIdleTime(h.idleConnTimeout().isZero() ? Duration.ofSeconds(90) : h.idleConnTimeout())
                .maxConnections(maxConnections)
                // minio-go never sends "Expect: 100-continue", so Thanos' expect_continue_timeout has no
                // effect there; we do the same. (Jetty-based stores also break the pooled connection
                // after an expect-continue PUT with an empty body.)
                .expectContinueEnabled(false)
                .tcpKeepAlive(true);
        if (!h.tlsConfig().caFile().isEmpty()) {
            TrustManager[] trust = trustManagers(h.tlsConfig().caFile());
            b.tlsTrustManagersProvider(() -> trust);
        }
        if (h.insecureSkipVerify() || h.tlsConfig().insecureSkipVerify()) {
            return b.buildWithDefaults(AttributeMap.builder()
                    .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE).build());
        }
        return b.build();
    }

    private static TrustManager[] trustManagers(String caFile) {
        try (InputStream in = Files.newInputStream(Path.of(caFile))) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new ConfigException("invalid objstore configuration: config.http_config.tls_config.ca_file: "
                        + caFile + " holds no PEM certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("invalid objstore configuration: config.http_config.tls_config.ca_file: cannot load "
                    + caFile + ": " + e.getMessage(), e);
        }
    }

    /** {@code trace.enable}: one debug line per request, without headers (they carry signatures). */
    private static final class TraceInterceptor implements ExecutionInterceptor {
        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            LOG.debug("s3 request method={} path={} status={}", context.httpRequest().method(),
                    context.httpRequest().encodedPath(), context.httpResponse().statusCode());
        }
    }
}
