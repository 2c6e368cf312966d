package io.thanosj.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bin/thanosj's dispatch: roles it cannot run yet and bad input answer clearly without building anything. */
class LauncherScriptTest {

  record Result(int exit, String stdout, String stderr) {}

  private static Result run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", Path.of("../bin/thanosj").toAbsolutePath().normalize().toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void rolesNotImplementedYetSaySoAndExitTwo() throws Exception {
    for (String role : List.of("receive", "compact")) {
      Result r = run(role, "--http-address=:0");
      assertThat(r.exit).isEqualTo(2);
      assertThat(r.stderr).isEqualTo("thanosj: " + role + " is not implemented yet\n");
    }
  }

  @Test
  void unknownOrMissingRoleShowsUsage() throws Exception {
    Result unknown = run("frobnicate");
    assertThat(unknown.exit).isEqualTo(2);
    assertThat(unknown.stderr).startsWith("thanosj: unknown role 'frobnicate'\nusage: bin/thanosj ROLE [flags]");
    Result none = run();
    assertThat(none.exit).isEqualTo(2);
    assertThat(none.stderr).startsWith("usage: bin/thanosj ROLE [flags]");
    Result help = run("--help");
    assertThat(help.exit).isZero();
    assertThat(help.stdout).contains("sidecar", "store", "query");
  }
}
