package io.thanosj.objstore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.objstore.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjstoreFlagsTest {
    @TempDir
    Path dir;

    @Test
    void neitherFlagMeansNoObjectStorage() {
        assertThat(ObjstoreFlags.content(null, "")).isEmpty();
        assertThat(ObjstoreFlags.parse("", null, Map.of())).isEmpty();
    }

    @Test
    void inlineConfigIsUsedAsIs() {
        BucketConfig c = ObjstoreFlags.parse(null, "type: FILESYSTEM\nconfig:\n  directory: /x\n", Map.of()).orElseThrow();
        assertThat(c.type()).isEqualTo(ProviderType.FILESYSTEM);
    }

    @Test
    void fileIsRead() throws Exception {
        Path f = dir.resolve("objstore.yml");
        Files.writeString(f, "type: FILESYSTEM\nconfig:\n  directory: $(DATA)/bucket\n");
        BucketConfig c = ObjstoreFlags.parse(f.toString(), null, Map.of("DATA", "/data")).orElseThrow();
        assertThat(c.providerConfig().toString()).contains("/data/bucket");
    }

    @Test
    void bothFlagsAreAnError() {
        assertThatThrownBy(() -> ObjstoreFlags.content("/etc/objstore.yml", "type: S3"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("both --objstore.config-file and --objstore.config are set; set only one");
    }

    @Test
    void unreadableFileIsNamed() throws Exception {
        Path missing = dir.resolve("missing.yml");
        assertThatThrownBy(() -> ObjstoreFlags.content(missing.toString(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cannot read --objstore.config-file " + missing + ": no such file");
        assertThatThrownBy(() -> ObjstoreFlags.content(dir.toString(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read --objstore.config-file " + dir + ": ");
        Path empty = Files.writeString(dir.resolve("empty.yml"), "\n");
        assertThatThrownBy(() -> ObjstoreFlags.content(empty.toString(), null))
                .isInstanceOf(ConfigException.class).hasMessage("--objstore.config-file " + empty + " is empty");
    }
}
