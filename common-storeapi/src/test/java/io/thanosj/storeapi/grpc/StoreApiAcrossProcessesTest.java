package io.thanosj.storeapi.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.chunk.XorIterator;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.SeriesRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The StoreAPI contract across a process boundary: a second JVM ({@link StoreServerProcess}) serves
 * 10,000 series over real gRPC (Netty, TCP); this JVM reads them with {@link GrpcStoreClient}.
 */
class StoreApiAcrossProcessesTest {

  private static Process server;
  private static final BlockingQueue<String> serverLines = new LinkedBlockingQueue<>();
  private static GrpcStoreClient client;

  @BeforeAll
  static void startServer() throws Exception {
    server = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-cp", System.getProperty("java.class.path"),
            StoreServerProcess.class.getName())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          serverLines.add(line);
        }
      } catch (java.io.IOException e) {
        // the process ended
      }
    }, "store-server-stdout");
    reader.setDaemon(true);
    reader.start();
    String first = serverLines.poll(60, TimeUnit.SECONDS);
    assertThat(first).as("server start-up line").startsWith("LISTENING ");
    client = GrpcStoreClient.connect("127.0.0.1:" + first.substring("LISTENING ".length()), GrpcStoreClient.Options.DEFAULT);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.getOutputStream().close(); // the server exits when its stdin closes
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private static SeriesRequest request(LabelMatcher... matchers) {
    return SeriesRequest.newBuilder().setMinTime(0).setMaxTime(Long.MAX_VALUE).addAllMatchers(List.of(matchers)).build();
  }

  private static LabelMatcher m(LabelMatcher.Type type, String name, String value) {
    return LabelMatcher.newBuilder().setType(type).setName(name).setValue(value).build();
  }

  private static List<Labels> read(SeriesRequest req) {
    List<Labels> out = new ArrayList<>();
    try (SeriesSet set = client.series(req)) {
      while (set.next()) {
        out.add(StoreProtos.labels(set.at().getLabelsList()));
      }
    }
    return out;
  }

  private static List<Labels> expected(IntPredicate keep) {
    List<Labels> out = new ArrayList<>();
    for (int i = 0; i < StoreServerProcess.SERIES; i++) {
      if (keep.test(i)) {
        out.add(Labels.of("__name__", "load", "instance", String.format("host-%05d", i),
            "job", "job-" + (i % StoreServerProcess.JOBS), "shard", Integer.toString(i % StoreServerProcess.SHARDS),
            "region", "eu-west", "replica", "a"));
      }
    }
    out.sort(Labels::compare);
    return out;
  }

  @Test
  void readsAllTenThousandSeriesWithTheirChunks() {
    int series = 0;
    int samples = 0;
    Labels previous = null;
    try (SeriesSet set = client.series(request(m(LabelMatcher.Type.EQ, "__name__", "load")))) {
      while (set.next()) {
        Labels l = StoreProtos.labels(set.at().getLabelsList());
        if (previous != null) {
          assertThat(Labels.compare(previous, l)).isNegative();
        }
        previous = l;
        series++;
        XorIterator it = new XorIterator(set.at().getChunks(0).getRaw().getData().toByteArray());
        while (it.next()) {
          samples++;
        }
      }
      assertThat(set.warnings()).isEmpty();
    }
    assertThat(series).isEqualTo(10_000);
    assertThat(samples).isEqualTo(80_000);
  }

  @Test
  void matchersOfAllFourKindsSelectTheRightSeries() {
    assertThat(read(request(m(LabelMatcher.Type.EQ, "job", "job-3")))).isEqualTo(expected(i -> i % 10 == 3));
    assertThat(read(request(m(LabelMatcher.Type.EQ, "__name__", "load"), m(LabelMatcher.Type.NEQ, "job", "job-3"))))
        .isEqualTo(expected(i -> i % 10 != 3));
    assertThat(read(request(m(LabelMatcher.Type.RE, "instance", "host-01.*"))))
        .isEqualTo(expected(i -> i >= 1000 && i < 2000));
    assertThat(read(request(m(LabelMatcher.Type.EQ, "__name__", "load"), m(LabelMatcher.Type.NRE, "shard", "0|1|2"))))
        .isEqualTo(expected(i -> i % 7 > 2));
    assertThat(read(request(m(LabelMatcher.Type.RE, "instance", "host-0000[0-4]"), m(LabelMatcher.Type.NRE, "job", "job-[13]"),
        m(LabelMatcher.Type.NEQ, "shard", "4"), m(LabelMatcher.Type.EQ, "region", "eu-west"))))
        .isEqualTo(expected(i -> i <= 4 && i != 1 && i != 3 && i != 4));
  }

  @Test
  void labelNamesAndValuesWithMatchers() {
    assertThat(client.labelNames(LabelNamesRequest.getDefaultInstance()).getNamesList())
        .containsExactly("__name__", "instance", "job", "region", "replica", "shard");
    assertThat(client.labelValues(LabelValuesRequest.newBuilder().setLabel("job").build()).getValuesList())
        .containsExactly("job-0", "job-1", "job-2", "job-3", "job-4", "job-5", "job-6", "job-7", "job-8", "job-9");
    assertThat(client.labelValues(LabelValuesRequest.newBuilder().setLabel("instance").build()).getValuesCount())
        .isEqualTo(10_000);
    assertThat(client.labelValues(LabelValuesRequest.newBuilder().setLabel("shard")
            .addMatchers(m(LabelMatcher.Type.EQ, "job", "job-0"))
            .addMatchers(m(LabelMatcher.Type.RE, "instance", "host-000[0-6]0"))
            .build()).getValuesList())
        .containsExactly("0", "1", "2", "3", "4", "5", "6");
    assertThat(client.labelNames(LabelNamesRequest.newBuilder()
            .addMatchers(m(LabelMatcher.Type.NEQ, "region", "eu-west")).build()).getNamesList())
        .isEmpty();
    assertThat(client.labelValues(LabelValuesRequest.newBuilder().setLabel("job")
            .addMatchers(m(LabelMatcher.Type.NRE, "job", "job-[0-8]")).build()).getValuesList())
        .containsExactly("job-9");
  }

  @Test
  void closingTheClientsSetStopsTheServersStream() throws Exception {
    serverLines.clear();
    SeriesSet set = client.series(request(m(LabelMatcher.Type.RE, "__name__", ".+")));
    for (int i = 0; i < 100; i++) {
      assertThat(set.next()).isTrue();
    }
    set.close();
    String line = serverLines.poll(10, TimeUnit.SECONDS);
    assertThat(line).as("the server reports its SeriesSet closed").isNotNull().startsWith("SERIES_CLOSED ").endsWith("complete=false");
    int sent = Integer.parseInt(line.replaceAll(".*sent=(\\d+).*", "$1"));
    assertThat(sent).as("series the server pulled before the cancellation arrived").isBetween(100, 9_999);
  }
}
