package io.thanosj.objstore.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.testing.ConnectionCuttingRelay;
import io.thanosj.objstore.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bucket a component gets from its YAML: provider, retries, prefix and metrics together. */
class BucketsWithS3ProxyTest {
    private static S3ProxyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.startInMemory();
        server.createBucket("thanos");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void s3BucketWithPrefixAndMetrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String yaml = server.s3Yaml("thanos") + "prefix: /cluster-1/\n";
        try (Bucket b = Buckets.create(BucketConfig.parse(yaml, Map.of()), registry)) {
            b.upload("01H/meta.json", new ByteArrayInputStream("{}".getBytes(UTF_8)), 2);
            try (InputStream in = b.get("01H/meta.json")) {
                assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("{}");
            }
            assertThat(server.blobStore().blobExists("thanos", "cluster-1/01H/meta.json")).isTrue();
            assertThat(registry.scrape())
                    .contains("thanos_objstore_bucket_operations_total{bucket=\"thanos\",operation=\"upload\"} 1")
                    .contains("thanos_objstore_bucket_operations_total{bucket=\"thanos\",operation=\"get\"} 1");
        }
    }

    @Test
    void startupLogLineHidesTheSecret() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Buckets.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (Bucket b = Buckets.create(BucketConfig.parse(server.s3Yaml("thanos"), Map.of()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            assertThat(appender.list).hasSize(1);
            assertThat(appender.list.get(0).getFormattedMessage()).contains("type=S3", "bucket=\"thanos\"",
                    "secret_key=<redacted>").doesNotContain(S3ProxyServer.SECRET_KEY);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void shortOutageIsRidden() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ConnectionCuttingRelay relay = new ConnectionCuttingRelay(server.port())) {
            String yaml = server.s3Yaml("thanos", "max_retries: 6").replace(server.endpoint(), "127.0.0.1:" + relay.port());
            try (Bucket b = Buckets.create(BucketConfig.parse(yaml, Map.of()), registry)) {
                b.upload("x", new ByteArrayInputStream(new byte[] {1}), 1);
                relay.cutAfter(0, true); // the next request is cut and the network stays down ...
                Thread healer = new Thread(() -> {
                    try {
                        Thread.sleep(700);
                    } catch (InterruptedException e) {
                        return;
                    }
                    relay.heal(); // ... for 0.7 s
                });
                healer.start();
                assertThat(b.exists("x")).isTrue();
                healer.join();
                assertThat(relay.cuts()).isEqualTo(1);
            }
        }
        assertThat(registry.scrape())
                .contains("thanos_objstore_bucket_operations_total{bucket=\"thanos\",operation=\"exists\"} 1")
                .contains("thanos_objstore_bucket_operation_failures_total{bucket=\"thanos\",operation=\"exists\"} 0");
    }

    @Test
    void filesystemFromFlags(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("objstore.yml"), "type: FILESYSTEM\nconfig:\n  directory: $(DATA)\n");
        BucketConfig config = ObjstoreFlags.parse(file.toString(), null, Map.of("DATA", dir.resolve("data").toString()))
                .orElseThrow();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Bucket b = Buckets.create(config, registry)) {
            b.upload("a", new ByteArrayInputStream(new byte[] {1}), 1);
            assertThat(Files.exists(dir.resolve("data/a"))).isTrue();
            assertThat(b.name()).isEqualTo("fs: " + dir.resolve("data"));
        }
    }
}
