package io.github.sparkkafkasql.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.options.Validators;
import io.github.sparkkafkasql.payloads.PayloadSchemas;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * What DESCRIBE STREAMING TABLE reports beyond the definition: the offsets the table has committed
 * (read from its checkpoint) and the consumer lag, the broker's latest offset minus the committed
 * one, per topic partition.
 */
public final class StreamingTableStatus {

  private StreamingTableStatus() {}

  /** The committed Kafka offsets per topic partition, or empty before the first batch. */
  public static Map<TopicPartition, Long> committedOffsets(SparkSession spark, StoredTable table)
      throws IOException {
    Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
    for (Map<TopicPartition, Long> source : committedOffsetsBySource(spark, table)) {
      offsets.putAll(source);
    }
    return offsets;
  }

  /**
   * The committed offsets of each of the query's streaming sources, in Spark's order of its sources
   * (the lines of an offset log entry); empty for a source that is not Kafka or has no offsets yet,
   * and an empty list before the first batch.
   */
  static List<Map<TopicPartition, Long>> committedOffsetsBySource(
      SparkSession spark, StoredTable table) throws IOException {
    String checkpoint = table.checkpointLocation(table.generation());
    Path commits = new Path(checkpoint, "commits");
    FileSystem fs = commits.getFileSystem(spark.sparkContext().hadoopConfiguration());
    long last = -1;
    if (fs.exists(commits)) {
      for (FileStatus f : fs.listStatus(commits)) {
        if (f.getPath().getName().matches("\\d+")) {
          last = Math.max(last, Long.parseLong(f.getPath().getName()));
        }
      }
    }
    List<Map<TopicPartition, Long>> sources = new ArrayList<>();
    if (last < 0) {
      return sources;
    }
    Path batch = new Path(new Path(checkpoint, "offsets"), String.valueOf(last));
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(fs.open(batch), StandardCharsets.UTF_8))) {
      // v1: one line per source, in the query's order; v2 (spark.sql.streaming.offsetLog
      // .formatVersion=2): "id:offset" lines, the id being the source's number in that order.
      boolean keyed = "v2".equals(in.readLine());
      in.readLine(); // batch metadata
      Map<Integer, Map<TopicPartition, Long>> byPosition = new TreeMap<>();
      int lineNumber = 0;
      for (String line = in.readLine(); line != null; line = in.readLine(), lineNumber++) {
        int position = lineNumber;
        int colon = line.indexOf(':');
        if (keyed && colon > 0 && line.substring(0, colon).matches("\\d+")) {
          position = Integer.parseInt(line.substring(0, colon));
          line = line.substring(colon + 1);
        }
        JsonNode source = Validators.parseObject(line);
        // "-" for a source without offsets; a Delta table read with STREAM has a reservoirId.
        byPosition.put(
            position,
            source == null || source.has("reservoirId") ? Map.of() : kafkaOffsets(source));
      }
      byPosition.forEach(
          (position, offsets) -> {
            while (sources.size() < position) {
              sources.add(Map.of());
            }
            sources.add(offsets);
          });
    }
    return sources;
  }

  /** The offsets of a Kafka source's line in an offset log entry: {"topic":{"partition":n}}. */
  static Map<TopicPartition, Long> kafkaOffsets(JsonNode source) {
    Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
    source
        .fields()
        .forEachRemaining(
            t ->
                t.getValue()
                    .fields()
                    .forEachRemaining(
                        p ->
                            offsets.put(
                                new TopicPartition(t.getKey(), Integer.parseInt(p.getKey())),
                                p.getValue().asLong())));
    return offsets;
  }

  /**
   * The records a finished refresh left behind, from its last progress: the latest offsets Kafka
   * reported minus the offsets read, summed over the Kafka sources' partitions; -1 when unknown.
   */
  static long lagAfter(StreamingQueryProgress progress) {
    if (progress == null) {
      return -1;
    }
    long lag = 0;
    for (SourceProgress s : progress.sources()) {
      JsonNode latest = Validators.parseObject(String.valueOf(s.latestOffset()));
      JsonNode end = Validators.parseObject(String.valueOf(s.endOffset()));
      if (latest == null || end == null || latest.has("reservoirId")) {
        continue;
      }
      for (var t = latest.fields(); t.hasNext(); ) {
        var topic = t.next();
        for (var p = topic.getValue().fields(); p.hasNext(); ) {
          var partition = p.next();
          long read = end.path(topic.getKey()).path(partition.getKey()).asLong(0);
          lag += Math.max(0, partition.getValue().asLong() - read);
        }
      }
    }
    return lag;
  }

  /**
   * Records behind the end of the topics, summed over the partitions the table has read, or null
   * before its first batch and when one of those partitions no longer exists; also the table's
   * {@link TableMetrics lag metric} (-1 when null).
   */
  public static Long totalLag(SparkSession spark, StoredTable table) throws Exception {
    List<Map<TopicPartition, Long>> committed = committedOffsetsBySource(spark, table);
    if (committed.stream().allMatch(Map::isEmpty)) {
      return null;
    }
    long total = 0;
    for (Map<TopicPartition, Long> source : lagBySource(spark, table, committed)) {
      for (Long l : source.values()) {
        if (l == null) {
          // A partition the table read is gone: the next refresh must be FULL, and how far behind
          // the table is cannot be said (DESCRIBE STREAMING TABLE names the partition).
          TableMetrics.of(StreamingTables.qualified(spark, table.name())).lag(-1);
          return null;
        }
        total += l;
      }
    }
    TableMetrics.of(StreamingTables.qualified(spark, table.name())).lag(total);
    return total;
  }

  /**
   * Latest broker offset minus committed offset, per partition the table has read; null for a
   * partition that no longer exists (its topic deleted, or recreated with fewer partitions). A
   * table that reads topics of one name on two clusters shows the partitions of the last source
   * only; {@link #totalLag} counts both.
   */
  public static Map<TopicPartition, Long> lag(SparkSession spark, StoredTable table)
      throws Exception {
    Map<TopicPartition, Long> lag = new LinkedHashMap<>();
    lagBySource(spark, table, committedOffsetsBySource(spark, table)).forEach(lag::putAll);
    return lag;
  }

  /** Each Kafka source's lag, asked of its own brokers for the partitions it has read. */
  private static List<Map<TopicPartition, Long>> lagBySource(
      SparkSession spark, StoredTable table, List<Map<TopicPartition, Long>> committed)
      throws Exception {
    List<Map<TopicPartition, Long>> lag = new ArrayList<>();
    if (committed.isEmpty()) {
      return lag;
    }
    Dataset<Row> df =
        DefinitionPlan.build(
            spark,
            table.sqlName(),
            table.definition(),
            false,
            PayloadSchemas.stored(table.payloadSchemas()));
    for (KafkaLeaf leaf : KafkaLeaf.of(df)) {
      Map<TopicPartition, Long> read = leaf.committedIn(committed);
      if (!read.isEmpty()) {
        lag.add(lagFor(leaf.source(), read));
      }
    }
    return lag;
  }

  private static Map<TopicPartition, Long> lagFor(
      ReadKafkaSource source, Map<TopicPartition, Long> committed) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends;
    try {
      // Asked only for partitions that exist: Kafka's admin client retries a missing one until
      // its timeout, so a topic recreated with fewer partitions would stall DESCRIBE.
      Set<TopicPartition> existing = existing(source, committed.keySet());
      committed.keySet().stream()
          .filter(existing::contains)
          .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      ends =
          latest.isEmpty()
              ? Map.of()
              : source
                  .admin()
                  // As the table's refreshes see them: under read_committed (a streaming table's
                  // default) the end is the last stable offset, not records of open transactions.
                  .listOffsets(latest, source.listOffsetsOptions())
                  .all()
                  .get(source.timeoutMs(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      source.evictAdmin();
      throw e;
    }
    Map<TopicPartition, Long> lag = new LinkedHashMap<>();
    committed.forEach(
        (tp, offset) -> {
          if (ends.containsKey(tp)) {
            lag.put(tp, Math.max(0, ends.get(tp).offset() - offset));
          } else if (!latest.containsKey(tp)) {
            lag.put(tp, null);
          }
        });
    return lag;
  }

  /** Those of {@code partitions} whose topic exists now with that partition. */
  private static Set<TopicPartition> existing(
      ReadKafkaSource source, Set<TopicPartition> partitions) throws Exception {
    Set<String> topics = new TreeSet<>();
    partitions.forEach(tp -> topics.add(tp.topic()));
    Map<String, KafkaFuture<TopicDescription>> described =
        source.admin().describeTopics(topics).topicNameValues();
    long deadline = System.nanoTime() + source.timeoutMs() * 1_000_000;
    Set<TopicPartition> existing = new HashSet<>();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> d : described.entrySet()) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        for (TopicPartitionInfo p : d.getValue().get(left, TimeUnit.NANOSECONDS).partitions()) {
          existing.add(new TopicPartition(d.getKey(), p.partition()));
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
    }
    return existing;
  }
}
