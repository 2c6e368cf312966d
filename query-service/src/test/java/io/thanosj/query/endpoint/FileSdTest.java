package io.thanosj.query.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSdTest {

  @TempDir
  Path dir;

  @Test
  void readsJsonAndYamlFileSdFiles() throws Exception {
    Path json = dir.resolve("a.json");
    Files.writeString(json, "[{\"targets\":[\"s1:1\",\"s2:2\"]},{\"targets\":[\"s3:3\"],\"labels\":{\"a\":\"b\"}}]");
    Path yaml = dir.resolve("b.yml");
    Files.writeString(yaml, "- targets:\n    - y1:1\n  labels:\n    env: prod\n- targets: ['y2:2']\n");
    assertThat(FileSd.read(json)).containsExactly("s1:1", "s2:2", "s3:3");
    assertThat(FileSd.read(yaml)).containsExactly("y1:1", "y2:2");
  }

  @Test
  void globsAndChangesAreFollowed() throws Exception {
    Path a = dir.resolve("a.json");
    Files.writeString(a, "[{\"targets\":[\"s1:1\"]}]");
    FileSd sd = new FileSd(List.of(dir.resolve("*.json").toString()), Duration.ofMinutes(5));
    assertThat(sd.targets()).containsExactly("s1:1");
    Files.writeString(dir.resolve("b.json"), "[{\"targets\":[\"s2:2\"]}]");
    assertThat(sd.targets()).containsExactly("s1:1", "s2:2");
    Files.writeString(a, "[{\"targets\":[\"s9:9\", \"s8:8\"]}]");
    Files.setLastModifiedTime(a, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(sd.targets()).containsExactly("s9:9", "s8:8", "s2:2");
    Files.delete(dir.resolve("b.json"));
    assertThat(sd.targets()).containsExactly("s9:9", "s8:8");
  }

  @Test
  void aBrokenFileKeepsItsLastGoodTargets() throws Exception {
    Path a = dir.resolve("a.json");
    Files.writeString(a, "[{\"targets\":[\"s1:1\"]}]");
    FileSd sd = new FileSd(List.of(a.toString()), Duration.ofMinutes(5));
    assertThat(sd.targets()).containsExactly("s1:1");
    Files.writeString(a, "[{\"targets\": [");
    Files.setLastModifiedTime(a, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(sd.targets()).containsExactly("s1:1");
  }

  @Test
  void malformedContentIsExplained() throws Exception {
    Path a = dir.resolve("a.json");
    Files.writeString(a, "{\"targets\":[\"s1:1\"]}");
    assertThatThrownBy(() -> FileSd.read(a)).hasMessageContaining("expected a list of target groups");
    Files.writeString(a, "[{\"target\":[\"s1:1\"]}]");
    assertThatThrownBy(() -> FileSd.read(a)).hasMessageContaining("unknown key \"target\"");
    Path txt = dir.resolve("a.txt");
    Files.writeString(txt, "x");
    assertThatThrownBy(() -> FileSd.read(txt)).hasMessageContaining("expected .json, .yml or .yaml");
  }
}
