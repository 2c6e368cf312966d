package io.thanosj.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.tsdb.CorruptBlockException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetaJsonTest {

  /** Verbatim meta.json written by promtool 2.42 (facts sheet §1). */
  private static final String PROMTOOL = """
      {
      \t"ulid": "01M82KT49BY05TG38EFH4FX71S",
      \t"minTime": 1700000000000,
      \t"maxTime": 1700000135001,
      \t"stats": {
      \t\t"numSamples": 24,
      \t\t"numSeries": 3,
      \t\t"numChunks": 3
      \t},
      \t"compaction": {
      \t\t"level": 1,
      \t\t"sources": [
      \t\t\t"01M82KT49BY05TG38EFH4FX71S"
      \t\t]
      \t},
      \t"version": 1
      }
      """;

  /** meta.json as Thanos' shipper writes it for a sidecar upload (key order of Thanos' Go structs). */
  private static final String THANOS = """
      {
      \t"ulid": "01HQ3T4D8P7XG7K8Z9M2N3B4C5",
      \t"minTime": 1708000000000,
      \t"maxTime": 1708007200000,
      \t"stats": {
      \t\t"numSamples": 1200,
      \t\t"numSeries": 10,
      \t\t"numChunks": 10
      \t},
      \t"compaction": {
      \t\t"level": 2,
      \t\t"sources": [
      \t\t\t"01HQ3T4D8P7XG7K8Z9M2N3B4C4",
      \t\t\t"01HQ3T4D8P7XG7K8Z9M2N3B4C5"
      \t\t],
      \t\t"parents": [
      \t\t\t{
      \t\t\t\t"ulid": "01HQ3T4D8P7XG7K8Z9M2N3B4C4",
      \t\t\t\t"minTime": 1708000000000,
      \t\t\t\t"maxTime": 1708003600000
      \t\t\t}
      \t\t]
      \t},
      \t"version": 1,
      \t"thanos": {
      \t\t"version": 1,
      \t\t"labels": {
      \t\t\t"cluster": "eu\\u003c1\\u003e",
      \t\t\t"replica": "a"
      \t\t},
      \t\t"downsample": {
      \t\t\t"resolution": 0
      \t\t},
      \t\t"source": "sidecar",
      \t\t"segment_files": [
      \t\t\t"000001"
      \t\t],
      \t\t"files": [
      \t\t\t{
      \t\t\t\t"rel_path": "chunks/000001",
      \t\t\t\t"size_bytes": 2048,
      \t\t\t\t"hash": {
      \t\t\t\t\t"hashFunc": "SHA256",
      \t\t\t\t\t"value": "ab12"
      \t\t\t\t}
      \t\t\t},
      \t\t\t{
      \t\t\t\t"rel_path": "index",
      \t\t\t\t"size_bytes": 900
      \t\t\t},
      \t\t\t{
      \t\t\t\t"rel_path": "meta.json"
      \t\t\t}
      \t\t],
      \t\t"index_stats": {},
      \t\t"upload_time": "2024-02-15T12:00:00.123456789Z"
      \t}
      }
      """;

  @Test
  void promtoolMetaRoundTripsByteForByte() {
    BlockMeta m = MetaJson.parse(PROMTOOL.getBytes(StandardCharsets.UTF_8), "meta.json");
    assertThat(m.ulid().toString()).isEqualTo("01M82KT49BY05TG38EFH4FX71S");
    assertThat(m.maxTime()).isEqualTo(1700000135001L);
    assertThat(m.stats()).isEqualTo(new BlockMeta.Stats(24, 3, 3, 0));
    assertThat(m.thanos()).isNull();
    assertThat(MetaJson.write(m)).isEqualTo(PROMTOOL);
  }

  @Test
  void thanosMetaRoundTripsByteForByte() {
    BlockMeta m = MetaJson.parse(THANOS.getBytes(StandardCharsets.UTF_8), "meta.json");
    ThanosMeta t = m.thanos();
    assertThat(t.labels()).isEqualTo(Map.of("cluster", "eu<1>", "replica", "a"));
    assertThat(t.source()).isEqualTo("sidecar");
    assertThat(t.files()).hasSize(3);
    assertThat(t.files().get(0).hash().value()).isEqualTo("ab12");
    assertThat(m.compaction().parents()).hasSize(1);
    assertThat(MetaJson.write(m)).isEqualTo(THANOS);
  }

  @Test
  void nilLabelsAndZeroUploadTimeAreWrittenAsGoDoes() {
    BlockMeta m = MetaJson.parse(PROMTOOL.getBytes(StandardCharsets.UTF_8), "meta.json")
        .withThanos(new ThanosMeta(0, null, ThanosMeta.RES_5M, "compactor", List.of(), List.of(), null, null, null, null));
    String json = MetaJson.write(m);
    assertThat(json).contains("\t\"thanos\": {\n\t\t\"labels\": null,\n\t\t\"downsample\": {\n\t\t\t\"resolution\": 300000\n\t\t},\n"
        + "\t\t\"source\": \"compactor\",\n\t\t\"index_stats\": {},\n\t\t\"upload_time\": \"0001-01-01T00:00:00Z\"\n\t}\n}\n");
    assertThat(MetaJson.parse(json.getBytes(StandardCharsets.UTF_8), "m").thanos().labels()).isNull();
  }

  @Test
  void rejectsOtherVersionsAndBrokenJsonWithTheFileName() {
    assertThatThrownBy(() -> MetaJson.parse(PROMTOOL.replace("\"version\": 1", "\"version\": 2").getBytes(StandardCharsets.UTF_8), "blk/meta.json"))
        .isInstanceOf(CorruptBlockException.class).hasMessageContaining("blk/meta.json").hasMessageContaining("version 2");
    assertThatThrownBy(() -> MetaJson.parse(THANOS.replace("\"version\": 1,\n\t\t\"labels\"", "\"version\": 3,\n\t\t\"labels\"").getBytes(StandardCharsets.UTF_8), "m"))
        .isInstanceOf(CorruptBlockException.class).hasMessageContaining("thanos meta version 3");
    assertThatThrownBy(() -> MetaJson.parse("{\"ulid\": ".getBytes(StandardCharsets.UTF_8), "blk/meta.json"))
        .isInstanceOf(CorruptBlockException.class).hasMessageContaining("invalid JSON");
    assertThatThrownBy(() -> MetaJson.parse(PROMTOOL.replace("01M82KT49BY05TG38EFH4FX71S\",", "nope\",").getBytes(StandardCharsets.UTF_8), "m"))
        .isInstanceOf(CorruptBlockException.class).hasMessageContaining("ulid");
  }
}
