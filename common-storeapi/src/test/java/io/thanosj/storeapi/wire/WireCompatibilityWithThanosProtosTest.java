package io.thanosj.storeapi.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decodes the bytes of our messages with {@code protoc --decode} against Thanos' original .proto
 * files and against ours; both decodings must be identical and free of unknown fields, which
 * proves the same field numbers, wire types and names. Thanos' files are read from a checkout
 * (THANOS_SRC), never copied into the project; their gogoproto options, which do not change the
 * wire format, are stripped in a temporary copy so that plain protoc can read them. The Thanos-side decodings
 * are kept in target/wire-compat/ for inspection. Thanos v0.37+ no longer defines the legacy {@code thanos.InfoResponse}; point THANOS_LEGACY_SRC at a v0.36
 * checkout to check it too. Run with {@code scripts/check-wire-compat.sh}.
 */
@EnabledIfEnvironmentVariable(named = "THANOS_SRC", matches = ".+")
class WireCompatibilityWithThanosProtosTest {

  private static final List<String> THANOS_PROTOS = List.of(
      "store/storepb/rpc.proto",
      "store/storepb/types.proto",
      "store/storepb/prompb/types.proto",
      "store/storepb/prompb/remote.proto",
      "store/labelpb/types.proto",
      "store/hintspb/hints.proto",
      "info/infopb/rpc.proto");

  private static final List<String> OUR_PROTOS = List.of(
      "thanos/store.proto", "thanos/types.proto", "thanos/labels.proto", "thanos/info.proto",
      "thanos/hints.proto", "thanos/prompb_types.proto", "thanos/prompb_remote.proto");

  private static final Pattern GOGO_FIELD_OPTIONS = Pattern.compile("\\s*\\[\\s*\\(gogoproto\\.[^\\]]*\\]");
  private static final Pattern UNKNOWN_FIELD = Pattern.compile("(?m)^\\s*\\d+\\s*[:{]");

  @Test
  void ourBytesDecodeIdenticallyAgainstThanosProtos(@TempDir Path tmp) throws Exception {
    Path thanos = strippedCopy(Path.of(System.getenv("THANOS_SRC")), tmp.resolve("thanos"));
    String legacySrc = System.getenv("THANOS_LEGACY_SRC");
    Path legacy = legacySrc == null || legacySrc.isBlank() ? null : strippedCopy(Path.of(legacySrc), tmp.resolve("legacy"));
    Path ours = Path.of("src/main/proto").toAbsolutePath();
    StringBuilder report = new StringBuilder();
    List<String> failures = new ArrayList<>();

    for (Map.Entry<String, Message> e : WireSamples.all().entrySet()) {
      String type = e.getKey().replaceAll("#.*", "");
      Path bin = tmp.resolve(e.getKey().replace('#', '-') + ".bin");
      Files.write(bin, e.getValue().toByteArray());
      Path root = thanos;
      if (type.equals("thanos.InfoResponse")) {
        if (legacy == null) {
          report.append(String.format("%-34s skipped (set THANOS_LEGACY_SRC to a v0.36 checkout)%n", e.getKey()));
          continue;
        }
        root = legacy;
      }
      String theirs = decode(root, THANOS_PROTOS, type, bin);
      String mine = decode(ours, OUR_PROTOS, type, bin);
      assertThat(theirs).as("decode of %s", e.getKey()).isNotBlank();
      Files.writeString(Files.createDirectories(Path.of("target/wire-compat")).resolve(e.getKey() + ".txt"), theirs);
      boolean same = theirs.equals(mine);
      boolean unknown = UNKNOWN_FIELD.matcher(theirs).find();
      report.append(String.format("%-34s %5d bytes  %s%n", e.getKey(), Files.size(bin),
          same && !unknown ? "identical decode" : "MISMATCH"));
      if (!same || unknown) {
        failures.add(e.getKey() + ":\n--- Thanos\n" + theirs + "--- ThanosJ\n" + mine);
      }
    }
    Path reportFile = Path.of("target/wire-compat-report.txt");
    Files.createDirectories(reportFile.getParent());
    Files.writeString(reportFile, report);
    System.out.print(report);
    assertThat(failures).as(String.join("\n", failures)).isEmpty();
  }

  /** Thanos' protos, with gogoproto imports and options removed, under their import paths. */
  private static Path strippedCopy(Path checkout, Path to) throws IOException {
    Path pkg = checkout.resolve("pkg");
    for (String rel : THANOS_PROTOS) {
      String text = Files.readString(pkg.resolve(rel), StandardCharsets.UTF_8);
      StringBuilder out = new StringBuilder();
      for (String line : text.split("\n", -1)) {
        String t = line.trim();
        if (t.startsWith("import \"gogoproto/") || t.startsWith("option (gogoproto.")) {
          continue;
        }
        out.append(GOGO_FIELD_OPTIONS.matcher(line).replaceAll("")).append('\n');
      }
      Path target = to.resolve(rel);
      Files.createDirectories(target.getParent());
      Files.writeString(target, out);
    }
    return to;
  }

  private static String decode(Path root, List<String> files, String type, Path bin) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("protoc", "-I" + root, "-I/usr/include", "--decode=" + type));
    cmd.addAll(files);
    Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectInput(bin.toFile()).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("protoc timed out");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("protoc --decode=%s in %s: %s", type, root, err).isZero();
    return out;
  }
}
