package io.thanosj.storeapi.wire;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import io.thanosj.labels.Labels;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.Aggr;
import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.Chunk;
import io.thanosj.storeapi.proto.Func;
import io.thanosj.storeapi.proto.Grouping;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.LabelNamesResponse;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.PartialResponseStrategy;
import io.thanosj.storeapi.proto.QueryHints;
import io.thanosj.storeapi.proto.Range;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.SeriesBatch;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.SeriesResponse;
import io.thanosj.storeapi.proto.ShardInfo;
import io.thanosj.storeapi.proto.StoreType;
import io.thanosj.storeapi.proto.TimeSeriesTenantTuple;
import io.thanosj.storeapi.proto.WriteRequest;
import io.thanosj.storeapi.proto.hints.Block;
import io.thanosj.storeapi.proto.hints.QueryStats;
import io.thanosj.storeapi.proto.hints.SeriesRequestHints;
import io.thanosj.storeapi.proto.hints.SeriesResponseHints;
import io.thanosj.storeapi.proto.info.ExemplarsInfo;
import io.thanosj.storeapi.proto.info.InfoResponse;
import io.thanosj.storeapi.proto.info.MetricMetadataInfo;
import io.thanosj.storeapi.proto.info.QueryAPIInfo;
import io.thanosj.storeapi.proto.info.RulesInfo;
import io.thanosj.storeapi.proto.info.StatusInfo;
import io.thanosj.storeapi.proto.info.StoreInfo;
import io.thanosj.storeapi.proto.info.TSDBInfo;
import io.thanosj.storeapi.proto.info.TargetsInfo;
import io.thanosj.storeapi.proto.prompb.BucketSpan;
import io.thanosj.storeapi.proto.prompb.Exemplar;
import io.thanosj.storeapi.proto.prompb.Histogram;
import io.thanosj.storeapi.proto.prompb.MetricMetadata;
import io.thanosj.storeapi.proto.prompb.Sample;
import io.thanosj.storeapi.proto.prompb.TimeSeries;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message of each wire type ThanosJ exchanges with Thanos, with every field set to a
 * distinctive non-default value, so that decoding their bytes against Thanos' own .proto files
 * shows any field whose number, type or name differs.
 */
final class WireSamples {

  private WireSamples() {}

  /** Full message name (as protoc --decode wants it) to a sample, in a stable order. */
  static Map<String, Message> all() {
    Map<String, Message> m = new LinkedHashMap<>();
    m.put("thanos.SeriesRequest", seriesRequest());
    m.put("thanos.SeriesResponse#series", SeriesResponse.newBuilder().setSeries(series()).build());
    m.put("thanos.SeriesResponse#warning", SeriesResponse.newBuilder().setWarning("partial: store x unavailable").build());
    m.put("thanos.SeriesResponse#hints", SeriesResponse.newBuilder().setHints(Any.pack(seriesResponseHints(), "type.googleapis.com")).build());
    m.put("thanos.SeriesResponse#batch", SeriesResponse.newBuilder()
        .setBatch(SeriesBatch.newBuilder().addSeries(series()).addSeries(series().toBuilder().clearChunks())).build());
    // protoc --decode leaves Any as bytes, so the hints inside are checked on their own too.
    m.put("hintspb.SeriesRequestHints", seriesRequestHints());
    m.put("hintspb.SeriesResponseHints", seriesResponseHints());
    m.put("thanos.LabelValuesRequest", LabelValuesRequest.newBuilder()
        .setLabel("job").setPartialResponseDisabled(true).setPartialResponseStrategy(PartialResponseStrategy.ABORT)
        .setStart(-5).setEnd(1_700_000_000_000L).addMatchers(matcher(LabelMatcher.Type.NRE, "env", "dev|test"))
        .addWithoutReplicaLabels("replica").setLimit(100).build());
    m.put("thanos.LabelNamesResponse", LabelNamesResponse.newBuilder()
        .addNames("__name__").addNames("job").addWarnings("w").build());
    m.put("thanos.info.InfoResponse", infoResponse());
    m.put("thanos.InfoResponse", legacyInfoResponse());
    m.put("thanos.WriteRequest", WriteRequest.newBuilder()
        .addTimeseries(timeSeries())
        .setTenant("tenant-a")
        .setReplica(2)
        .addTimeseriesTenantData(TimeSeriesTenantTuple.newBuilder().addTimeseries(timeSeries()).setTenant("tenant-b"))
        .build());
    m.put("prometheus_copy.WriteRequest", io.thanosj.storeapi.proto.prompb.WriteRequest.newBuilder()
        .addTimeseries(timeSeries())
        .addMetadata(MetricMetadata.newBuilder().setType(MetricMetadata.MetricType.GAUGEHISTOGRAM)
            .setMetricFamilyName("http_request_duration_seconds").setHelp("Latency.").setUnit("seconds"))
        .build());
    return m;
  }

  private static LabelMatcher matcher(LabelMatcher.Type type, String name, String value) {
    return LabelMatcher.newBuilder().setType(type).setName(name).setValue(value).build();
  }

  static SeriesRequest seriesRequest() {
    return SeriesRequest.newBuilder()
        .setMinTime(1_700_000_000_000L)
        .setMaxTime(1_700_007_200_000L)
        .addMatchers(matcher(LabelMatcher.Type.EQ, "__name__", "up"))
        .addMatchers(matcher(LabelMatcher.Type.NEQ, "job", ""))
        .addMatchers(matcher(LabelMatcher.Type.RE, "instance", "a.*|b"))
        .addMatchers(matcher(LabelMatcher.Type.NRE, "env", "dev"))
        .setMaxResolutionWindow(300_000)
        .addAggregates(Aggr.COUNT)
        .addAggregates(Aggr.COUNTER)
        .setPartialResponseDisabled(true)
        .setPartialResponseStrategy(PartialResponseStrategy.ABORT)
        .setSkipChunks(true)
        .setHints(Any.pack(seriesRequestHints(), "type.googleapis.com"))
        .setStep(30_000)
        .setRange(300_000)
        .setQueryHints(QueryHints.newBuilder()
            .setStepMillis(30_000)
            .setFunc(Func.newBuilder().setName("rate"))
            .setGrouping(Grouping.newBuilder().setBy(true).addLabels("job"))
            .setRange(Range.newBuilder().setMillis(300_000))
            .addProjectionLabels("job")
            .setProjectionInclude(true)
            .setSeriesHashLabelName("__cf_series_hash__"))
        .setShardInfo(ShardInfo.newBuilder().setShardIndex(1).setTotalShards(3).setBy(true).addLabels("instance"))
        .addWithoutReplicaLabels("replica")
        .setLimit(1000)
        .setResponseBatchSize(64)
        .build();
  }

  private static SeriesRequestHints seriesRequestHints() {
    return SeriesRequestHints.newBuilder()
        .addBlockMatchers(matcher(LabelMatcher.Type.EQ, "__block_id", "01HXYZ"))
        .setEnableQueryStats(true)
        .build();
  }

  static Series series() {
    Chunk xor = Chunk.newBuilder().setType(Chunk.Encoding.XOR)
        .setData(ByteString.copyFrom(new byte[] {0, 1, (byte) 0x80, 0x7f})).setHash(0xFEDCBA9876543210L).build();
    return Series.newBuilder()
        .addAllLabels(StoreProtos.toProto(Labels.of("__name__", "up", "job", "api", "region", "eu-west")))
        .addChunks(AggrChunk.newBuilder().setMinTime(1).setMaxTime(2).setRaw(xor))
        .addChunks(AggrChunk.newBuilder().setMinTime(3).setMaxTime(4)
            .setCount(xor.toBuilder().setType(Chunk.Encoding.HISTOGRAM))
            .setSum(xor.toBuilder().setType(Chunk.Encoding.FLOAT_HISTOGRAM))
            .setMin(xor).setMax(xor).setCounter(xor))
        .build();
  }

  private static SeriesResponseHints seriesResponseHints() {
    QueryStats.Builder stats = QueryStats.newBuilder();
    for (var field : QueryStats.getDescriptor().getFields()) {
      if (field.getJavaType() == com.google.protobuf.Descriptors.FieldDescriptor.JavaType.LONG) {
        stats.setField(field, (long) field.getNumber() * 1000 + 7);
      }
    }
    stats.setGetAllDuration(Duration.newBuilder().setSeconds(1).setNanos(500))
        .setMergeDuration(Duration.newBuilder().setNanos(42));
    return SeriesResponseHints.newBuilder()
        .addQueriedBlocks(Block.newBuilder().setId("01HXYZABCDEFGHJKMNPQRSTVWX"))
        .setQueryStats(stats)
        .build();
  }

  static InfoResponse infoResponse() {
    var ext = StoreProtos.toLabelSet(Labels.of("region", "eu-west", "replica", "a"));
    return InfoResponse.newBuilder()
        .addLabelSets(ext)
        .setComponentType("sidecar")
        .setStore(StoreInfo.newBuilder().setMinTime(-62135596800000L).setMaxTime(Long.MAX_VALUE)
            .setSupportsSharding(true).setSupportsWithoutReplicaLabels(true)
            .addTsdbInfos(TSDBInfo.newBuilder().setLabels(ext).setMinTime(10).setMaxTime(20))
            .setSupportsProjections(true))
        .setRules(RulesInfo.getDefaultInstance())
        .setMetricMetadata(MetricMetadataInfo.getDefaultInstance())
        .setTargets(TargetsInfo.getDefaultInstance())
        .setExemplars(ExemplarsInfo.newBuilder().setMinTime(5).setMaxTime(6))
        .setQuery(QueryAPIInfo.getDefaultInstance())
        .setStatus(StatusInfo.getDefaultInstance())
        .build();
  }

  static io.thanosj.storeapi.proto.InfoResponse legacyInfoResponse() {
    Labels ext = Labels.of("region", "eu-west");
    return io.thanosj.storeapi.proto.InfoResponse.newBuilder()
        .addAllLabels(StoreProtos.toProto(ext))
        .setMinTime(100)
        .setMaxTime(Long.MAX_VALUE)
        .setStoreType(StoreType.SIDECAR)
        .addLabelSets(StoreProtos.toLabelSet(ext))
        .build();
  }

  static TimeSeries timeSeries() {
    return TimeSeries.newBuilder()
        .addAllLabels(StoreProtos.toProto(Labels.of("__name__", "http_requests_total", "code", "200")))
        .addSamples(Sample.newBuilder().setValue(1.5).setTimestamp(1_700_000_000_000L))
        .addSamples(Sample.newBuilder().setValue(Double.NaN).setTimestamp(1_700_000_015_000L))
        .addExemplars(Exemplar.newBuilder()
            .addAllLabels(StoreProtos.toProto(Labels.of("trace_id", "abc123")))
            .setValue(0.25).setTimestamp(1_700_000_001_000L))
        .addHistograms(Histogram.newBuilder()
            .setCountInt(10).setSum(12.5).setSchema(-2).setZeroThreshold(1e-128).setZeroCountFloat(0.5)
            .addNegativeSpans(BucketSpan.newBuilder().setOffset(-3).setLength(2))
            .addNegativeDeltas(-1).addNegativeDeltas(2)
            .addPositiveSpans(BucketSpan.newBuilder().setOffset(1).setLength(3))
            .addPositiveCounts(1.0).addPositiveCounts(2.0).addPositiveCounts(0.5)
            .setResetHint(Histogram.ResetHint.GAUGE).setTimestamp(1_700_000_002_000L)
            .addCustomValues(0.1).addCustomValues(1.0))
        .addHistograms(Histogram.newBuilder().setCountFloat(3.5).setZeroCountInt(1).addNegativeCounts(4.0)
            .addPositiveDeltas(5).setResetHint(Histogram.ResetHint.YES))
        .build();
  }
}
