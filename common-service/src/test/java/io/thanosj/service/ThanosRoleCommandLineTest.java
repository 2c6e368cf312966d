package io.thanosj.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The command line as a user meets it: a separate JVM running a role's main. */
class ThanosRoleCommandLineTest {

  record Result(int exit, String stdout, String stderr) {}

  private static Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(TestRoleApplication.class.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("role did not exit: " + cmd);
    }
    return new Result(p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void unknownFlagFailsStartUpWithOneClearLine() throws Exception {
    Result r = run("--grpc-address=127.0.0.1:0", "--foo=bar");
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.stderr).isEqualTo("thanosj test: unknown flag --foo, try --help\n");
    assertThat(r.stdout).isEmpty();
  }

  @Test
  void badValueNamesTheFlag() throws Exception {
    Result r = run("--grpc-grace-period=soon");
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.stderr).isEqualTo(
        "thanosj test: invalid value \"soon\" for flag --grpc-grace-period: not a valid duration string: \"soon\", try --help\n");
  }

  @Test
  void helpListsTheFlagsAndExitsZero() throws Exception {
    Result r = run("--help");
    assertThat(r.exit).isZero();
    assertThat(r.stdout).startsWith("usage: thanosj test [<flags>]")
        .contains("--grpc-address=<hostport>", "--test.series=<int>", "(default: 100)");
  }
}
