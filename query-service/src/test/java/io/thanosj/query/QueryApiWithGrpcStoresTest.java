package io.thanosj.query;

import static io.thanosj.query.testing.HttpJson.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.thanosj.labels.Labels;
import io.thanosj.query.testing.GrpcStoreServer;
import io.thanosj.query.testing.HttpJson;
import io.thanosj.service.RunningRole;
import io.thanosj.service.ThanosRole;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.acceptance.Dataset;
import io.thanosj.storeapi.acceptance.InMemoryStore;
import io.thanosj.storeapi.grpc.GrpcStoreClient;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.info.InfoResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Our querier (started in this JVM with its real flags) over three StoreAPI endpoints served over
 * real gRPC: two replicas of one cluster and a third cluster. Covers deduplication, partial
 * response with an endpoint stopped, its rejoining after a restart, /api/v1/stores, Prometheus'
 * bad_data answers, and the querier's own StoreAPI (queriers stack).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryApiWithGrpcStoresTest {

  static final long WINDOW = 1_700_006_400_000L;
  static final String T = Long.toString((WINDOW + 3_600_000) / 1000);

  static GrpcStoreServer replicaA;
  static GrpcStoreServer replicaB;
  static GrpcStoreServer us;
  static RunningRole query;
  static String api;

  @BeforeAll
  static void start() {
    Dataset data = Dataset.standard(WINDOW);
    replicaA = new GrpcStoreServer(new InMemoryStore(data, Labels.of("cluster", "eu", "replica", "a"), "sidecar")).start();
    replicaB = new GrpcStoreServer(new InMemoryStore(data, Labels.of("cluster", "eu", "replica", "b"), "sidecar")).start();
    us = new GrpcStoreServer(new InMemoryStore(data, Labels.of("cluster", "us"), "store")).start();
    query = ThanosRole.start("query", QueryApplication.class, QueryFlags.class,
        "--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0",
        "--endpoint=" + replicaA.address() + "," + replicaB.address(), "--store=" + us.address(),
        "--query.replica-label=replica", "--endpoint.update-interval=1s", "--endpoint.info-timeout=1s");
    api = "http://127.0.0.1:" + query.httpPort() + "/api/v1/";
  }

  @AfterAll
  static void stop() {
    if (query != null) {
      query.close();
    }
    for (GrpcStoreServer s : new GrpcStoreServer[] {replicaA, replicaB, us}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static JsonNode ok(HttpJson.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    JsonNode j = r.json();
    assertThat(j.get("status").asText()).isEqualTo("success");
    return j;
  }

  private static List<String> labelValues(JsonNode result, String label) {
    List<String> out = new ArrayList<>();
    result.forEach(s -> out.add(s.get("metric").path(label).asText("<none>")));
    return out;
  }

  @Test
  @Order(1)
  void replicasAreDeduplicatedByDefault() {
    JsonNode r = ok(HttpJson.get(api + "query?" + form("query", "up{cluster=\"eu\"}", "time", T)));
    JsonNode result = r.get("data").get("result");
    assertThat(result).hasSize(3);
    assertThat(labelValues(result, "replica")).containsOnly("<none>");
    assertThat(r.has("warnings")).isFalse();
  }

  @Test
  @Order(1)
  void dedupFalseShowsRawReplicas() {
    JsonNode result = ok(HttpJson.get(api + "query?" + form("query", "up{cluster=\"eu\"}", "time", T, "dedup", "false")))
        .get("data").get("result");
    assertThat(result).hasSize(6);
    assertThat(labelValues(result, "replica")).containsOnly("a", "b");
    // replicaLabels[] overrides the flag: by cluster alone the replicas stay apart (eu a, eu b, us: 9),
    // by cluster and replica everything collapses into the three distinct series.
    JsonNode byCluster = ok(HttpJson.get(api + "query?" + form("query", "count(up)", "time", T, "replicaLabels[]", "cluster")))
        .get("data").get("result");
    assertThat(byCluster.get(0).get("value").get(1).asText()).isEqualTo("9");
    JsonNode byBoth = ok(HttpJson.get(api + "query?"
        + form("query", "count(up)", "time", T, "replicaLabels[]", "cluster", "replicaLabels[]", "replica"))).get("data").get("result");
    assertThat(byBoth.get(0).get("value").get(1).asText()).isEqualTo("3");
  }

  @Test
  @Order(1)
  void formPostsWorkLikeGet() {
    JsonNode r = ok(HttpJson.post(api + "query_range", form("query", "count(up)", "start", T, "end", Long.toString(Long.parseLong(T) + 60), "step", "30")));
    JsonNode values = r.get("data").get("result").get(0).get("values");
    assertThat(values).hasSize(3);
    assertThat(values.get(0).get(1).asText()).isEqualTo("6");
    ok(HttpJson.post(api + "labels", form("match[]", "up")));
  }

  @Test
  @Order(1)
  void metadataEndpointsAnswerLikePrometheus() {
    JsonNode names = ok(HttpJson.get(api + "labels?" + form("start", Long.toString(WINDOW / 1000), "end", Long.toString(WINDOW / 1000 + 7200))))
        .get("data");
    assertThat(names.toString()).isEqualTo("[\"__name__\",\"cluster\",\"code\",\"i\",\"instance\",\"job\",\"n\",\"region\"]");
    JsonNode jobs = ok(HttpJson.get(api + "label/job/values?" + form("match[]", "up", "match[]", "node_load1"))).get("data");
    assertThat(jobs.toString()).isEqualTo("[\"api\",\"node\",\"web\"]");
    JsonNode twoJobs = ok(HttpJson.get(api + "label/job/values?" + form("match[]", "up", "match[]", "node_load1", "limit", "2")));
    assertThat(twoJobs.get("data").toString()).isEqualTo("[\"api\",\"node\"]");
    assertThat(twoJobs.get("warnings").toString()).isEqualTo("[\"results truncated due to limit\"]");
    JsonNode series = ok(HttpJson.get(api + "series?" + form("match[]", "up{job=\"web\"}", "start", T, "end", T))).get("data");
    assertThat(series.toString()).isEqualTo(
        "[{\"__name__\":\"up\",\"cluster\":\"eu\",\"instance\":\"c:9090\",\"job\":\"web\"},"
            + "{\"__name__\":\"up\",\"cluster\":\"us\",\"instance\":\"c:9090\",\"job\":\"web\"}]");
    JsonNode limited = ok(HttpJson.get(api + "series?" + form("match[]", "up", "limit", "2")));
    assertThat(limited.get("data")).hasSize(2);
    assertThat(limited.get("warnings").toString()).isEqualTo("[\"results truncated due to limit\"]");
  }

  @Test
  @Order(1)
  void storesListsEndpointsByComponentType() {
    JsonNode data = ok(HttpJson.get(api + "stores")).get("data");
    assertThat(data.fieldNames()).toIterable().containsExactly("sidecar", "store");
    assertThat(data.get("sidecar")).hasSize(2);
    JsonNode store = data.get("store").get(0);
    assertThat(store.get("name").asText()).isEqualTo(us.address());
    assertThat(store.get("lastError").isNull()).isTrue();
    assertThat(store.get("labelSets").toString()).isEqualTo("[{\"cluster\":\"us\"}]");
    assertThat(store.get("lastCheck").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    assertThat(store.get("minTime").asLong()).isEqualTo(WINDOW);
  }

  @Test
  @Order(1)
  void theQuerierIsItselfAStoreApiEndpoint() {
    try (GrpcStoreClient client = GrpcStoreClient.connect("127.0.0.1:" + query.grpcPort(), GrpcStoreClient.Options.DEFAULT)) {
      InfoResponse info = client.info();
      assertThat(info.getComponentType()).isEqualTo("query");
      assertThat(StoreProtos.labelSets(info.getLabelSetsList())).containsExactly(
          Labels.of("cluster", "eu", "replica", "a"), Labels.of("cluster", "eu", "replica", "b"), Labels.of("cluster", "us"));
      SeriesRequest req = SeriesRequest.newBuilder().setMinTime(WINDOW).setMaxTime(WINDOW + 7_200_000)
          .addMatchers(LabelMatcher.newBuilder().setName("__name__").setValue("up"))
          .addWithoutReplicaLabels("replica").build();
      List<Labels> got = new ArrayList<>();
      try (SeriesSet set = client.series(req)) {
        while (set.next()) {
          got.add(StoreProtos.labels(set.at().getLabelsList()));
        }
      }
      assertThat(got).hasSize(6).doesNotHaveDuplicates();
    }
  }

  @Test
  @Order(1)
  void badRequestsGetPrometheusBadDataAnswers() {
    assertBadData(HttpJson.get(api + "query?" + form("query", "up", "time", "yesterday")),
        "invalid parameter \"time\": Invalid time value for 'time': cannot parse \"yesterday\" to a valid timestamp");
    assertBadData(HttpJson.get(api + "query_range?" + form("query", "up", "start", "0", "end", "86400", "step", "1")),
        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
    assertBadData(HttpJson.get(api + "query_range?" + form("query", "up", "start", "0", "end", "60", "step", "0")),
        "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer");
    assertBadData(HttpJson.get(api + "query_range?" + form("query", "up", "start", "60", "end", "0", "step", "1")),
        "invalid parameter \"end\": end timestamp must not be before start time");
    assertBadData(HttpJson.get(api + "query_range?" + form("query", "up", "start", "0", "end", "60", "step", "fast")),
        "invalid parameter \"step\": cannot parse \"fast\" to a valid duration");
    assertBadData(HttpJson.get(api + "query?" + form("query", "up", "dedup", "maybe")),
        "'dedup' parameter: strconv.ParseBool: parsing \"maybe\": invalid syntax");
    assertBadData(HttpJson.get(api + "query?" + form("query", "up", "partial_response", "x")),
        "'partial_response' parameter: strconv.ParseBool: parsing \"x\": invalid syntax");
    assertBadData(HttpJson.get(api + "query?" + form("query", "up", "max_source_resolution", "soon")),
        "'max_source_resolution' parameter: cannot parse \"soon\" to a valid duration");
    assertBadData(HttpJson.get(api + "query?" + form("query", "up", "engine", "v8")), "'v8' bad engine");
    assertBadData(HttpJson.get(api + "query?" + form("query", "sum(")),
        "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis");
    assertBadData(HttpJson.get(api + "query_range?" + form("query", "\"a\"", "start", "0", "end", "60", "step", "15")),
        "invalid parameter \"query\": invalid expression type \"string\" for range query, must be Scalar or instant Vector");
    assertBadData(HttpJson.get(api + "series"), "no match[] parameter provided");
    assertBadData(HttpJson.get(api + "series?" + form("match[]", "{job=~\".*\"}")),
        "invalid parameter \"match[]\": match[] must contain at least one non-empty matcher");
    assertBadData(HttpJson.get(api + "label/__bad-name/values"), "invalid label name: \"__bad-name\"");
    assertBadData(HttpJson.get(api + "labels?" + form("limit", "-1")), "invalid parameter \"limit\": limit must be positive");
  }

  private static void assertBadData(HttpJson.Response r, String error) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":" + quote(error) + "}");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Test
  @Order(2)
  void withAnEndpointStoppedPartialResponseGivesDataAndAWarningAndOffGivesAnError() {
    us.stop();
    // Right away (before a health check notices) and after it: the same outcome.
    for (int round = 0; round < 2; round++) {
      JsonNode r = ok(HttpJson.get(api + "query?" + form("query", "up", "time", T)));
      assertThat(r.get("data").get("result")).as("eu data still there").hasSize(3);
      assertThat(r.get("warnings").toString()).contains(us.address());

      HttpJson.Response off = HttpJson.get(api + "query?" + form("query", "up", "time", T, "partial_response", "false"));
      assertThat(off.status()).as(off.body()).isEqualTo(500);
      assertThat(off.json().get("errorType").asText()).isEqualTo("internal");
      assertThat(off.json().get("error").asText()).contains(us.address());

      HttpJson.Response labelsOff = HttpJson.get(api + "labels?" + form("partial_response", "false"));
      assertThat(labelsOff.status()).isEqualTo(422);
      assertThat(labelsOff.json().get("error").asText()).contains(us.address());
      awaitStoreError(true);
    }
  }

  @Test
  @Order(3)
  void aRestartedEndpointRejoinsWithinItsHealthCheckInterval() {
    long t0 = System.nanoTime();
    us.start();
    awaitStoreError(false);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    // Update interval 1s; one Info round trip on top.
    assertThat(millis).as("rejoin time in ms").isLessThan(2_500);
    JsonNode r = ok(HttpJson.get(api + "query?" + form("query", "up", "time", T)));
    assertThat(r.get("data").get("result")).hasSize(6);
    assertThat(r.has("warnings")).isFalse();
  }

  private static void awaitStoreError(boolean failing) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode store = ok(HttpJson.get(api + "stores")).get("data").path("store").path(0);
      if (store.path("lastError").isNull() != failing && store.has("name")) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("the stopped/started store did not become " + (failing ? "unhealthy" : "healthy") + " in time");
  }
}
