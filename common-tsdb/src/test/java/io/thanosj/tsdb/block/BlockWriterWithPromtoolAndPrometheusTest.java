package io.thanosj.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thanosj.labels.Labels;
import io.thanosj.tsdb.testing.OpenMetricsWriter;
import io.thanosj.tsdb.testing.PrometheusServer;
import io.thanosj.tsdb.testing.Promtool;
import io.thanosj.tsdb.testing.PromtoolDump;
import io.thanosj.tsdb.testing.SeriesGenerator;
import io.thanosj.tsdb.testing.TestSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocks written by our writer against the real Prometheus 2.42 tools: the same data as promtool's
 * blocks (cut into the same 2h windows, with promtool's 4h head chunk range) gives byte-identical
 * index and chunk files; promtool analyze and dump accept ours and dump exactly our input; a real
 * Prometheus server started on our blocks answers queries with our samples.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockWriterWithPromtoolAndPrometheusTest {

  private static final long TWO_HOURS = 2 * 3600_000L;

  List<TestSeries> input;
  Path promtoolDir;
  Path ourDir;
  List<BlockMeta> ourBlocks = new ArrayList<>();

  @BeforeAll
  void writeBlocks(@TempDir Path tmp) throws IOException {
    input = new SeriesGenerator(77).duration(5 * 3600_000L).interval(15_000).generate(1200);
    Path om = tmp.resolve("input.om");
    OpenMetricsWriter.write(input, om);
    promtoolDir = tmp.resolve("promtool");
    Promtool.createBlocks(om, promtoolDir);
    ourDir = Files.createDirectories(tmp.resolve("ours"));
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (TestSeries s : input) {
      first = Math.min(first, s.timestamps()[0]);
      last = Math.max(last, s.timestamps()[s.size() - 1]);
    }
    for (long w = first / TWO_HOURS * TWO_HOURS; w <= last; w += TWO_HOURS) {
      try (BlockWriter bw = new BlockWriter(ourDir, BlockWriter.Options.DEFAULT.withChunkRange(2 * TWO_HOURS))) {
        int added = 0;
        for (TestSeries s : input) {
          TestSeries part = s.slice(w, w + TWO_HOURS - 1);
          if (part.size() > 0) {
            bw.addSeries(part.labels(), part.timestamps(), part.values(), part.size());
            added++;
          }
        }
        if (added > 0) {
          ourBlocks.add(bw.finish());
        }
      }
    }
  }

  private static Map<Long, Path> blocksByMinTime(Path dir) throws IOException {
    Map<Long, Path> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> Files.exists(p.resolve("meta.json"))).toList()) {
        out.put(MetaJson.read(p).minTime(), p);
      }
    }
    return out;
  }

  @Test
  void indexAndChunkFilesAreByteIdenticalToPromtools() throws IOException {
    Map<Long, Path> theirs = blocksByMinTime(promtoolDir);
    Map<Long, Path> ours = blocksByMinTime(ourDir);
    assertThat(ours.keySet()).containsExactlyElementsOf(theirs.keySet());
    for (Map.Entry<Long, Path> e : theirs.entrySet()) {
      Path t = e.getValue();
      Path o = ours.get(e.getKey());
      byte[] oi = Files.readAllBytes(o.resolve("index"));
      byte[] ti = Files.readAllBytes(t.resolve("index"));
      assertThat(seriesDifference(o, t)).isEmpty();
      assertThat(firstDifference(oi, ti)).as("first differing byte of the index of block at %d; ours %s, promtool's %s",
          e.getKey(), toc(o), toc(t)).isEqualTo(-1);
      List<Path> ts = BlockReader.segmentFiles(t.resolve("chunks"));
      List<Path> os = BlockReader.segmentFiles(o.resolve("chunks"));
      assertThat(os.stream().map(p -> p.getFileName().toString()).toList())
          .isEqualTo(ts.stream().map(p -> p.getFileName().toString()).toList());
      for (int i = 0; i < ts.size(); i++) {
        assertThat(Files.readAllBytes(os.get(i))).as("segment %s", ts.get(i)).isEqualTo(Files.readAllBytes(ts.get(i)));
      }
      assertThat(Files.readAllBytes(o.resolve("tombstones"))).isEqualTo(Files.readAllBytes(t.resolve("tombstones")));
      BlockMeta tm = MetaJson.read(t);
      BlockMeta om = MetaJson.read(o);
      assertThat(om.maxTime()).isEqualTo(tm.maxTime());
      assertThat(om.stats()).isEqualTo(tm.stats());
      assertThat(om.compaction().level()).isEqualTo(1);
      assertThat(om.compaction().sources()).containsExactly(om.ulid());
    }
  }

  @Test
  void promtoolAnalyzeAcceptsOurBlocks() {
    for (BlockMeta m : ourBlocks) {
      String report = Promtool.analyze(ourDir, m.ulid().toString());
      assertThat(report).contains("Block ID: " + m.ulid()).contains("Series: " + m.stats().numSeries());
    }
  }

  @Test
  void promtoolDumpOfOurBlocksEqualsTheInput() {
    List<TestSeries> dumped = PromtoolDump.parse(Promtool.dump(ourDir));
    assertThat(dumped).hasSameSizeAs(input);
    for (int i = 0; i < input.size(); i++) {
      assertThat(dumped.get(i).labels()).isEqualTo(input.get(i).labels());
      assertThat(input.get(i).sameSamples(dumped.get(i).timestamps(), dumped.get(i).values()))
          .as("samples of %s", input.get(i).labels()).isTrue();
    }
  }

  @Test
  void prometheusStartedOnOurBlocksAnswersQueriesWithOurSamples(@TempDir Path data) throws IOException {
    for (BlockMeta m : ourBlocks) {
      copyTree(ourDir.resolve(m.ulid().toString()), data.resolve(m.ulid().toString()));
    }
    ObjectMapper json = new ObjectMapper();
    try (PrometheusServer prom = PrometheusServer.start(data)) {
      long end = ourBlocks.get(ourBlocks.size() - 1).maxTime();
      for (int k = 0; k < input.size(); k += 97) {
        TestSeries want = input.get(k);
        String selector = "{series=\"" + want.labels().get("series") + "\",__name__=\"" + want.metricName() + "\""
            + (want.labels().has("le") ? ",le=\"" + want.labels().get("le") + "\"" : "") + "}[6h]";
        JsonNode result = json.readTree(prom.instantQuery(selector, end)).path("data").path("result");
        assertThat(result).as("result of %s", selector).hasSize(1);
        JsonNode values = result.get(0).path("values");
        long[] ts = new long[values.size()];
        double[] vs = new double[values.size()];
        for (int i = 0; i < ts.length; i++) {
          ts[i] = Math.round(values.get(i).get(0).asDouble() * 1000);
          vs[i] = Double.parseDouble(values.get(i).get(1).asText().replace("Inf", "Infinity"));
        }
        assertThat(want.sameSamples(ts, vs)).as("samples of %s from Prometheus", want.labels()).isTrue();
        Map<String, String> metric = new TreeMap<>();
        result.get(0).path("metric").fields().forEachRemaining(f -> metric.put(f.getKey(), f.getValue().asText()));
        assertThat(Labels.fromMap(metric)).isEqualTo(want.labels());
      }
      JsonNode count = json.readTree(prom.instantQuery("count({__name__=~\"gen_.+\"})", input.get(0).timestamps()[0] + 60_000))
          .path("data").path("result");
      assertThat(count).hasSize(1);
    }
  }

  private static int firstDifference(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      if (a[i] != b[i]) {
        return i;
      }
    }
    return a.length == b.length ? -1 : n;
  }

  private static String seriesDifference(Path a, Path b) {
    try (BlockReader x = BlockReader.open(a); BlockReader y = BlockReader.open(b)) {
      io.thanosj.tsdb.postings.Postings px = x.index().allPostings();
      io.thanosj.tsdb.postings.Postings py = y.index().allPostings();
      io.thanosj.tsdb.index.SeriesEntry ex = new io.thanosj.tsdb.index.SeriesEntry();
      io.thanosj.tsdb.index.SeriesEntry ey = new io.thanosj.tsdb.index.SeriesEntry();
      while (px.next() && py.next()) {
        x.index().series(px.at(), ex);
        y.index().series(py.at(), ey);
        StringBuilder sx = new StringBuilder(ex.labels(x.index().symbols()).toString());
        StringBuilder sy = new StringBuilder(ey.labels(y.index().symbols()).toString());
        for (int i = 0; i < ex.chunks().size(); i++) {
          sx.append(" [").append(ex.chunks().minTime(i)).append(',').append(ex.chunks().maxTime(i)).append(' ').append(ex.chunks().ref(i)).append(']');
        }
        for (int i = 0; i < ey.chunks().size(); i++) {
          sy.append(" [").append(ey.chunks().minTime(i)).append(',').append(ey.chunks().maxTime(i)).append(' ').append(ey.chunks().ref(i)).append(']');
        }
        if (!sx.toString().equals(sy.toString())) {
          return "ref " + px.at() + "\nours " + sx + "\ntheirs " + sy;
        }
      }
      return "";
    }
  }

  private static String toc(Path block) {
    try (BlockReader r = BlockReader.open(block)) {
      return r.index().toc() + " size " + r.index().size();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

}
