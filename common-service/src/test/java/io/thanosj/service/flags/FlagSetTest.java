package io.thanosj.service.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagSetTest {

  enum Mode { FAST, VERY_SAFE }

  record TestFlags(
      @Flag(name = "endpoint", help = "Addresses of StoreAPI servers.", deprecatedAliases = {"store"}) List<String> endpoints,
      @Flag(name = "query.timeout", defaultValue = "2m", help = "Maximum time to process a query.") Duration timeout,
      @Flag(name = "query.auto-downsampling", help = "Downsample automatically.") boolean autoDownsampling,
      @Flag(name = "web.enabled", defaultValue = "true", help = "Serve the UI.") boolean webEnabled,
      @Flag(name = "store.limit", defaultValue = "100", help = "A limit.") int limit,
      @Flag(name = "prometheus.url", defaultValue = "http://localhost:9090", help = "Prometheus URL.") URI prometheusUrl,
      @Flag(name = "tsdb.path", help = "Data directory.", required = false) Path tsdbPath,
      @Flag(name = "mode", defaultValue = "fast", help = "Mode.") Mode mode,
      @Flag(name = "secret.hidden", help = "Not shown.", hidden = true) String hidden,
      ObjstoreConfigFlags objstore) {}

  record RequiredFlags(@Flag(name = "tsdb.path", help = "Data directory.", required = true) Path tsdbPath) {}

  private final FlagSet flags = FlagSet.of(CommonFlags.class, TestFlags.class);

  @Test
  void defaultsAreThanosDefaults() {
    FlagSet.Parsed p = flags.parse();
    CommonFlags c = p.get(CommonFlags.class);
    assertThat(c.httpAddress()).isEqualTo(new HostPort("0.0.0.0", 10902));
    assertThat(c.grpcAddress()).isEqualTo(new HostPort("0.0.0.0", 10901));
    assertThat(c.grpcGracePeriod()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.httpGracePeriod()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.logLevel()).isEqualTo(LogLevel.INFO);
    assertThat(c.logFormat()).isEqualTo(LogFormat.LOGFMT);
    TestFlags t = p.get(TestFlags.class);
    assertThat(t.endpoints()).isEmpty();
    assertThat(t.timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(t.autoDownsampling()).isFalse();
    assertThat(t.webEnabled()).isTrue();
    assertThat(t.limit()).isEqualTo(100);
    assertThat(t.prometheusUrl()).isEqualTo(URI.create("http://localhost:9090"));
    assertThat(t.tsdbPath()).isNull();
    assertThat(t.mode()).isEqualTo(Mode.FAST);
    assertThat(t.objstore().config().isSet()).isFalse();
  }

  @Test
  void acceptsEqualsAndSpaceSeparatedValuesBooleanFormsAndRepeats() {
    TestFlags t = flags.parse(
            "--endpoint=a:10901", "--endpoint", "b:10901",
            "--query.timeout", "1h30m",
            "--query.auto-downsampling",
            "--no-web.enabled",
            "--store.limit=7",
            "--tsdb.path=/data",
            "--mode=very-safe",
            "--secret.hidden=x")
        .get(TestFlags.class);
    assertThat(t.endpoints()).containsExactly("a:10901", "b:10901");
    assertThat(t.timeout()).isEqualTo(Duration.ofMinutes(90));
    assertThat(t.autoDownsampling()).isTrue();
    assertThat(t.webEnabled()).isFalse();
    assertThat(t.limit()).isEqualTo(7);
    assertThat(t.tsdbPath()).isEqualTo(Path.of("/data"));
    assertThat(t.mode()).isEqualTo(Mode.VERY_SAFE);
    assertThat(t.hidden()).isEqualTo("x");
    assertThat(flags.parse("--web.enabled=false").get(TestFlags.class).webEnabled()).isFalse();
    assertThat(flags.parse("--log.level", "debug", "--log.format=json").get(CommonFlags.class).logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(flags.parse("--grpc-address=:19090").get(CommonFlags.class).grpcAddress().bindHost()).isEqualTo("0.0.0.0");
  }

  @Test
  void deprecatedAliasWorksAndIsReported() {
    FlagSet.Parsed p = flags.parse("--store=old:10901", "--endpoint=new:10901");
    assertThat(p.get(TestFlags.class).endpoints()).containsExactly("old:10901", "new:10901");
    assertThat(p.deprecations()).containsExactly("flag --store is deprecated, use --endpoint");
  }

  @Test
  void badCommandLinesFailWithOneLineNamingTheFlag() {
    assertThatThrownBy(() -> flags.parse("--foo")).hasMessage("unknown flag --foo");
    assertThatThrownBy(() -> flags.parse("--foo=bar")).hasMessage("unknown flag --foo");
    assertThatThrownBy(() -> flags.parse("-x")).hasMessage("unknown short flag -x");
    assertThatThrownBy(() -> flags.parse("query")).hasMessage("unexpected argument query");
    assertThatThrownBy(() -> flags.parse("--store.limit")).hasMessage("flag --store.limit needs a value");
    assertThatThrownBy(() -> flags.parse("--store.limit=x"))
        .hasMessageStartingWith("invalid value \"x\" for flag --store.limit");
    assertThatThrownBy(() -> flags.parse("--query.timeout=5 minutes"))
        .hasMessage("invalid value \"5 minutes\" for flag --query.timeout: not a valid duration string: \"5 minutes\"");
    assertThatThrownBy(() -> flags.parse("--log.level=verbose"))
        .hasMessage("invalid value \"verbose\" for flag --log.level: must be one of debug, info, warn, error");
    assertThatThrownBy(() -> flags.parse("--grpc-address=10901"))
        .hasMessageContaining("missing port in address \"10901\"");
    assertThatThrownBy(() -> flags.parse("--store.limit=1", "--store.limit=2")).hasMessage("flag --store.limit cannot be repeated");
    assertThatThrownBy(() -> flags.parse("--web.enabled=maybe")).hasMessageContaining("not a boolean");
    assertThatThrownBy(() -> flags.parse("--no-store.limit")).hasMessage("unknown flag --no-store.limit");
    assertThatThrownBy(() -> FlagSet.of(RequiredFlags.class).parse()).hasMessage("required flag --tsdb.path not provided");
    assertThat(flags.parse("--help").helpRequested()).isTrue();
    assertThat(flags.parse("--version").versionRequested()).isTrue();
  }

  @Test
  void pathOrContentTakesOneOfTheTwoFlagsAndSubstitutesEnvironmentReferences(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("objstore.yml");
    Files.writeString(file, "type: S3\nconfig:\n  secret_key: $(S3_SECRET)\n  bucket: \"$BUCKET\"\n");

    PathOrContent fromFile = flags.parse("--objstore.config-file=" + file).get(TestFlags.class).objstore().config();
    assertThat(fromFile.readSubstituted(Map.of("S3_SECRET", "s3cr3t")))
        .contains("type: S3\nconfig:\n  secret_key: s3cr3t\n  bucket: \"$BUCKET\"\n");
    assertThatThrownBy(() -> fromFile.readSubstituted(Map.of()))
        .hasMessage("--objstore.config: found reference to unset environment variable \"S3_SECRET\"");
    assertThat(fromFile.toString()).doesNotContain("s3cr3t");

    PathOrContent inline = flags.parse("--objstore.config", "type: FILESYSTEM").get(TestFlags.class).objstore().config();
    assertThat(inline.read()).contains("type: FILESYSTEM");
    assertThat(inline.toString()).doesNotContain("FILESYSTEM");

    PathOrContent both = flags.parse("--objstore.config-file=" + file, "--objstore.config=x").get(TestFlags.class).objstore().config();
    assertThatThrownBy(both::read).hasMessage("both --objstore.config-file and --objstore.config flags set");

    PathOrContent missing = flags.parse("--objstore.config-file=" + dir.resolve("nope.yml")).get(TestFlags.class).objstore().config();
    assertThatThrownBy(missing::read).hasMessageStartingWith("loading file " + dir.resolve("nope.yml"));
  }

  @Test
  void helpListsEveryVisibleFlagWithDefaultsAndNotHiddenOnes() {
    String usage = flags.usage("thanosj query", "The query role.");
    assertThat(usage).startsWith("usage: thanosj query [<flags>]\n\nThe query role.\n\nFlags:\n");
    for (String f : List.of("--http-address=<hostport>", "--grpc-address=<hostport>", "--grpc-grace-period=<duration>",
        "--http-grace-period=<duration>", "--log.level=<debug|info|warn|error>", "--log.format=<logfmt|json>",
        "--endpoint=<string>", "--[no-]web.enabled", "--objstore.config-file=<file-path>", "--objstore.config=<content>")) {
      assertThat(usage).contains(f);
    }
    assertThat(usage).contains("(default: 0.0.0.0:10902)", "(default: 0.0.0.0:10901)", "Deprecated names: --store.", "Repeatable.");
    assertThat(usage).doesNotContain("secret.hidden");
  }

  @Test
  void declaringAFlagTwiceOrAnUnannotatedScalarIsAProgrammingError() {
    record Twice(@Flag(name = "http-address", help = "again") String x) {}
    record Bare(String x) {}
    assertThatThrownBy(() -> FlagSet.of(CommonFlags.class, Twice.class)).hasMessage("flag --http-address declared twice");
    assertThatThrownBy(() -> FlagSet.of(Bare.class)).hasMessageContaining("needs @Flag");
  }
}
