package io.github.sparkkafkasql.streaming;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic ids of what a streaming table reads, kept in its checkpoint ({@value #FILE}). A topic
 * deleted and created again under the same name starts again at offset 0; Spark's source sees only
 * a name and offsets, so resuming would skip the new topic's first records (or, with fewer records
 * than before, read nothing until it passes the old offsets). Kafka gives each topic an id
 * (KIP-516); a changed id stops the refresh before it reads anything.
 */
final class TopicIds {

  private static final Logger LOG = LoggerFactory.getLogger(TopicIds.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String FILE = "kafka-sql-topic-ids.json";

  private TopicIds() {}

  /** The ids recorded by earlier refreshes of the table's checkpoint, by topic. */
  static Map<String, String> recorded(SparkSession spark, StoredTable table) {
    Path file = file(table);
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(file)) {
        return Map.of();
      }
      try (InputStream in = fs.open(file)) {
        return JSON.readValue(in, new TypeReference<TreeMap<String, String>>() {});
      }
    } catch (IOException e) {
      // Written by us; unreadable means a crash while writing it: record afresh.
      LOG.warn("Could not read the topic ids of {}: {}", table.sqlName(), e.toString());
      return Map.of();
    }
  }

  /**
   * Kept with the checkpoint whose offsets they qualify: REFRESH … FULL starts a new checkpoint,
   * and with it new ids. Spark ignores files it does not know in a checkpoint directory.
   */
  private static Path file(StoredTable table) {
    return new Path(table.checkpointLocation(table.generation()), FILE);
  }

  /** What a refresh found before it ran, to record once it succeeded. */
  static final class Check {
    private final SparkSession spark;
    private final StoredTable table;
    private final ReadKafkaSource source;
    private final Map<String, String> before;

    private Check(
        SparkSession spark, StoredTable table, ReadKafkaSource source, Map<String, String> before) {
      this.spark = spark;
      this.table = table;
      this.source = source;
      this.before = before;
    }

    /**
     * Records the ids of the topics the table has now read: those checked before the refresh as
     * they were then (a topic recreated during the refresh is caught by the next one), the topics
     * read for the first time as they are now.
     */
    void record() {
      if (source == null) {
        return;
      }
      Map<String, String> ids = new LinkedHashMap<>(before);
      Set<String> unknown = new LinkedHashSet<>(committedTopics(spark, table));
      unknown.removeAll(ids.keySet());
      ids.putAll(describe(source, unknown));
      TopicIds.record(spark, table, ids);
    }
  }

  /**
   * Before a refresh resumes from its checkpoint: fails with {@code KAFKA_SQL_TOPIC_RECREATED} when
   * a topic the table has read has another id than the one recorded for it. With several Kafka
   * sources the committed topics cannot be told apart by source, and nothing is checked.
   */
  static Check check(
      SparkSession spark, StoredTable table, List<ReadKafkaSource> sources, boolean fresh) {
    if (sources.size() != 1) {
      return new Check(spark, table, null, Map.of());
    }
    ReadKafkaSource source = sources.get(0);
    Map<String, String> current =
        fresh ? Map.of() : check(spark, table, source, committedTopics(spark, table));
    return new Check(spark, table, source, current);
  }

  private static Set<String> committedTopics(SparkSession spark, StoredTable table) {
    Set<String> topics = new LinkedHashSet<>();
    try {
      StreamingTableStatus.committedOffsets(spark, table)
          .keySet()
          .forEach(tp -> topics.add(tp.topic()));
    } catch (java.io.IOException e) {
      throw StreamingTableErrors.refreshFailed(
          table.sqlName(), "could not read the checkpoint: " + e.getMessage(), e);
    }
    return topics;
  }

  /**
   * The current ids of {@code topics}; fails when one differs from the id recorded for it. Topics
   * Kafka does not know are left out: Spark's source reports them.
   */
  private static Map<String, String> check(
      SparkSession spark, StoredTable table, ReadKafkaSource source, Collection<String> topics) {
    Map<String, String> current = describe(source, topics);
    Map<String, String> recorded = recorded(spark, table);
    current.forEach(
        (topic, id) -> {
          String before = recorded.get(topic);
          if (before != null && !before.equals(id)) {
            throw StreamingTableErrors.topicRecreated(table.sqlName(), topic, before, id);
          }
        });
    return current;
  }

  /** Records {@code ids} on top of the recorded ones; writes only when something changed. */
  private static void record(SparkSession spark, StoredTable table, Map<String, String> ids) {
    Map<String, String> before = recorded(spark, table);
    Map<String, String> after = new TreeMap<>(before);
    after.putAll(ids);
    if (after.equals(before)) {
      return;
    }
    Path file = file(table);
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(file, true)) {
        out.write(RefreshOutcomes.json(after).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // The refresh succeeded; the next one records them.
      LOG.warn("Could not record the topic ids of {}: {}", table.sqlName(), e.toString());
    }
  }

  /** The ids of the topics Kafka knows, by topic; empty when Kafka does not answer in time. */
  static Map<String, String> describe(ReadKafkaSource source, Collection<String> topics) {
    Map<String, String> ids = new LinkedHashMap<>();
    if (topics.isEmpty()) {
      return ids;
    }
    Map<String, KafkaFuture<TopicDescription>> futures =
        source.admin().describeTopics(topics).topicNameValues();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(source.timeoutMs());
    for (Map.Entry<String, KafkaFuture<TopicDescription>> e : futures.entrySet()) {
      try {
        long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        ids.put(e.getKey(), e.getValue().get(left, TimeUnit.MILLISECONDS).topicId().toString());
      } catch (ExecutionException ex) {
        // A deleted topic: Spark's source reports its partitions as gone.
      } catch (java.util.concurrent.TimeoutException ex) {
        source.evictAdmin();
        LOG.warn("Could not read the topic ids of {} in time: {}", topics, ex.toString());
        return new LinkedHashMap<>();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return new LinkedHashMap<>();
      }
    }
    return ids;
  }
}
