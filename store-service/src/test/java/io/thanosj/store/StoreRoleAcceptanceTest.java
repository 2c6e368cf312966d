package io.thanosj.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.labels.Labels;
import io.thanosj.service.RunningRole;
import io.thanosj.service.ThanosRole;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.acceptance.Dataset;
import io.thanosj.storeapi.acceptance.StoreApiAcceptance;
import io.thanosj.storeapi.grpc.GrpcStoreClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The StoreAPI acceptance suite against the store gateway role: the dataset written as a block with
 * our block writer into a FILESYSTEM bucket, the role started in-process with Thanos' flags, and
 * every call made over gRPC.
 */
class StoreRoleAcceptanceTest extends StoreApiAcceptance {

  private Path tmp;
  private RunningRole role;
  private GrpcStoreClient client;

  @Override
  protected StoreApi open(Dataset data, Labels externalLabels) throws Exception {
    tmp = Files.createTempDirectory("store-acceptance");
    Path bucketDir = Files.createDirectories(tmp.resolve("bucket"));
    TestBlocks.write(bucketDir, data, externalLabels);
    Path config = tmp.resolve("bucket.yml");
    Files.writeString(config, TestBlocks.filesystemConfig(bucketDir));
    List<String> args = new ArrayList<>(List.of("--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0",
        "--objstore.config-file=" + config, "--data-dir=" + tmp.resolve("data"), "--sync-block-duration=30s"));
    args.addAll(extraFlags());
    role = ThanosRole.start("store", StoreApplication.class, StoreFlags.class, args.toArray(new String[0]));
    awaitReady();
    client = GrpcStoreClient.connect("127.0.0.1:" + role.grpcPort(), GrpcStoreClient.Options.DEFAULT);
    return client;
  }

  /** Flags added to the role's command line by variants of this suite. */
  protected List<String> extraFlags() {
    return List.of();
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (get("/-/ready").statusCode() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("store gateway not ready after 30s");
  }

  protected HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + role.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  protected void close(StoreApi store) throws Exception {
    if (client != null) {
      client.close();
    }
    if (role != null) {
      role.close();
    }
  }

  @Test
  void infoSaysStoreAndMetricsCountTheLoadedBlock() throws Exception {
    assertThat(store.info().getComponentType()).isEqualTo("store");
    assertThat(store.info().getStore().getTsdbInfosCount()).isEqualTo(1);
    String metrics = get("/metrics").body();
    assertThat(metrics).contains("thanos_bucket_store_blocks_loaded 1.0");
    assertThat(metrics).contains("thanos_blocks_meta_synced{state=\"loaded\"} 1.0");
    // Only the index header (symbols and postings offset table) is on local disk; the index stays in the bucket.
    try (var dirs = Files.list(tmp.resolve("data"))) {
      assertThat(dirs.filter(d -> Files.exists(d.resolve("index-header")) && !Files.exists(d.resolve("index"))).count()).isEqualTo(1);
    }
    assertThat(metrics).containsPattern("thanos_bucket_store_index_fetched_bytes_total [1-9]");
  }
}
