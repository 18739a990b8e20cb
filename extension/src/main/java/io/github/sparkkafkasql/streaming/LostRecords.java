package io.github.sparkkafkasql.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import io.github.sparkkafkasql.options.Validators;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that expire while a refresh with {@code failOnDataLoss => false} reads them. Spark's
 * consumer skips them with a warning in an executor's log ({@code KafkaDataConsumer}: "records in
 * [offset, earliest) will be skipped"); this makes them part of the refresh's result.
 *
 * <p>Each micro-batch's plan observes, right above the Kafka source (before the definition filters
 * anything), the offsets it read ({@link ReadOffsets#observe}); after the batch is in the table,
 * the partitions' earliest offsets are listed. Offsets of the batch's planned range (its offset log
 * entry and the previous one) that were not read and lie below the earliest offset after the batch
 * were deleted unread. Unread offsets that Kafka still holds are not loss (transaction markers,
 * aborted transactions, compacted records), nor is a single unread offset (a marker, which the
 * earliest offset may since have passed). Nothing of this runs when failOnDataLoss is true: Spark
 * then fails the refresh instead ({@link KafkaFailures}).
 */
final class LostRecords {

  private static final Logger LOG = LoggerFactory.getLogger(LostRecords.class);

  private final ReadKafkaSource source;
  private final int index;
  private final String checkpoint;
  private final Configuration hadoop;
  private final Map<Long, Batch> batches = new ConcurrentHashMap<>();

  /** A batch's planned range per partition, and the earliest offsets once it was read. */
  private record Batch(
      Map<TopicPartition, Long> start,
      Map<TopicPartition, Long> end,
      Map<TopicPartition, Long> earliest) {}

  private LostRecords(ReadKafkaSource source, int index, String checkpoint, Configuration hadoop) {
    this.source = source;
    this.index = index;
    this.checkpoint = checkpoint;
    this.hadoop = hadoop;
  }

  /**
   * What watches a refresh of {@code df} for records deleted under it, or null when none is needed:
   * the definition keeps failOnDataLoss, or reads several Kafka sources (their reads cannot be told
   * apart here; Spark's executor log still has them).
   */
  static LostRecords of(Dataset<Row> df, String checkpoint) {
    List<KafkaLeaf> kafka = KafkaLeaf.of(df);
    if (kafka.size() != 1) {
      return null;
    }
    ReadKafkaSource source = kafka.get(0).source();
    int kafkaIndex = kafka.get(0).position();
    if (!"false".equalsIgnoreCase(source.option(ReadKafkaOptions.FAIL_ON_DATA_LOSS))) {
      return null;
    }
    return new LostRecords(
        source, kafkaIndex, checkpoint, df.sparkSession().sparkContext().hadoopConfiguration());
  }

  /**
   * After a batch is in the table: its planned range, from the offset log, and the earliest offset
   * of each of its partitions now. A failure only loses the precision of this batch (the refresh's
   * end lists the earliest offsets again).
   */
  void afterBatch(long batchId) {
    try {
      Map<TopicPartition, Long> end = offsetLog(batchId);
      // A batch starts where the one before ended: its range is already here, unless that batch
      // ran in an earlier refresh.
      Batch previous = batches.get(batchId - 1);
      Map<TopicPartition, Long> start =
          batchId == 0
              ? initialOffsets()
              : previous != null ? previous.end() : offsetLog(batchId - 1);
      Map<TopicPartition, Long> earliest = null;
      try {
        earliest = earliest(end.keySet());
      } catch (Exception e) {
        LOG.warn("Could not list earliest offsets after batch {}: {}", batchId, e.toString());
      }
      batches.put(batchId, new Batch(start, end, earliest));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not check batch {} for records deleted unread: {}", batchId, e.toString());
    }
  }

  /**
   * The records the refresh's batches planned to read but found deleted, per partition, joined with
   * {@code before} (the gaps found before the refresh started), each offset once.
   */
  List<RetentionCheck.Gap> gaps(
      StreamingQueryProgress[] progress, List<RetentionCheck.Gap> before) {
    Map<TopicPartition, List<long[]>> lost = new LinkedHashMap<>();
    before.forEach(g -> add(lost, g.partition(), g.from(), g.to()));
    Map<TopicPartition, Long> finalEarliest = null;
    for (StreamingQueryProgress p : progress) {
      Row m = p.observedMetrics().get(ReadOffsets.METRICS);
      if (m == null) {
        continue;
      }
      Map<String, List<long[]>> read = ReadOffsets.parse(m.isNullAt(0) ? null : m.getString(0));
      Batch b = batches.get(p.batchId());
      if (b == null) {
        continue;
      }
      Map<TopicPartition, Long> earliest = b.earliest();
      if (earliest == null) {
        if (finalEarliest == null) {
          java.util.Set<TopicPartition> all = new java.util.LinkedHashSet<>();
          batches.values().forEach(x -> all.addAll(x.end().keySet()));
          finalEarliest = earliestOrEmpty(all);
        }
        earliest = finalEarliest;
      }
      for (Map.Entry<TopicPartition, Long> e : b.end().entrySet()) {
        TopicPartition tp = e.getKey();
        Long from = b.start().get(tp);
        Long now = earliest.get(tp);
        List<long[]> runs = read.getOrDefault(tp.toString(), List.of());
        if (now == null) {
          continue;
        }
        if (from == null) {
          // A partition new in this batch: Spark read it from its earliest offset then.
          if (runs.isEmpty()) {
            continue;
          }
          from = runs.get(0)[0];
        }
        for (long[] r : unread(from, e.getValue(), runs, now)) {
          LOG.warn(
              "Batch {} skipped records of {} deleted before it read them: offsets {} to {}",
              p.batchId(),
              tp,
              r[0],
              r[1]);
          add(lost, tp, r[0], r[1]);
        }
      }
    }
    List<RetentionCheck.Gap> gaps = new ArrayList<>();
    lost.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<TopicPartition, List<long[]>> e) -> e.getKey().topic())
                .thenComparingInt(e -> e.getKey().partition()))
        .forEach(
            e ->
                e.getValue()
                    .forEach(r -> gaps.add(new RetentionCheck.Gap(e.getKey(), r[0], r[1]))));
    return gaps;
  }

  /**
   * The offsets of {@code [from, to)} outside the {@code runs} read, cut at {@code earliest}: what
   * is below it is deleted. A single unread offset is a transaction marker, never loss.
   */
  static List<long[]> unread(long from, long to, List<long[]> runs, long earliest) {
    List<long[]> holes = new ArrayList<>();
    long next = from;
    for (long[] r : runs) {
      if (r[0] > next) {
        holes.add(new long[] {next, r[0]});
      }
      next = Math.max(next, r[1] + 1);
    }
    if (to > next) {
      holes.add(new long[] {next, to});
    }
    List<long[]> lost = new ArrayList<>();
    for (long[] h : holes) {
      long end = Math.min(h[1], earliest);
      if (end - h[0] >= 2) {
        lost.add(new long[] {h[0], end});
      }
    }
    return lost;
  }

  /** Adds {@code [from, to)} to a partition's ranges, joining those that overlap or touch. */
  private static void add(
      Map<TopicPartition, List<long[]>> lost, TopicPartition tp, long from, long to) {
    TreeMap<Long, Long> ranges = new TreeMap<>();
    for (long[] r : lost.getOrDefault(tp, List.of())) {
      ranges.put(r[0], r[1]);
    }
    ranges.merge(from, to, Math::max);
    List<long[]> joined = new ArrayList<>();
    for (Map.Entry<Long, Long> r : ranges.entrySet()) {
      long[] last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
      if (last != null && r.getKey() <= last[1]) {
        last[1] = Math.max(last[1], r.getValue());
      } else {
        joined.add(new long[] {r.getKey(), r.getValue()});
      }
    }
    lost.put(tp, joined);
  }

  private Map<TopicPartition, Long> earliestOrEmpty(java.util.Set<TopicPartition> partitions) {
    try {
      return earliest(partitions);
    } catch (Exception e) {
      LOG.warn(
          "Could not list earliest offsets to check for records deleted unread: {}", e.toString());
      return Map.of();
    }
  }

  private Map<TopicPartition, Long> earliest(java.util.Set<TopicPartition> partitions)
      throws Exception {
    Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
    partitions.forEach(tp -> specs.put(tp, OffsetSpec.earliest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found;
    try {
      found =
          source.admin().listOffsets(specs).all().get(source.timeoutMs(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      source.evictAdmin();
      throw e;
    }
    Map<TopicPartition, Long> earliest = new LinkedHashMap<>();
    found.forEach((tp, info) -> earliest.put(tp, info.offset()));
    return earliest;
  }

  private Map<TopicPartition, Long> offsetLog(long batchId) throws IOException {
    List<JsonNode> lines = GroupOffsets.offsetLog(hadoop, checkpoint, batchId);
    JsonNode line = index < lines.size() ? lines.get(index) : null;
    return line == null ? Map.of() : StreamingTableStatus.kafkaOffsets(line);
  }

  /**
   * The offsets a table's first batch started from: Spark's Kafka source writes them to {@code
   * sources/<n>/0} (a zero byte, {@code v1}, then the JSON; KafkaSourceInitialOffsetWriter in
   * connector/kafka-0-10-sql/…/KafkaMicroBatchStream.scala).
   */
  private Map<TopicPartition, Long> initialOffsets() throws IOException {
    Path file = new Path(new Path(new Path(checkpoint, "sources"), String.valueOf(index)), "0");
    String text;
    try (InputStream in = file.getFileSystem(hadoop).open(file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    JsonNode json = Validators.parseObject(text.substring(text.indexOf('\n') + 1).trim());
    return json == null ? Map.of() : StreamingTableStatus.kafkaOffsets(json);
  }
}
