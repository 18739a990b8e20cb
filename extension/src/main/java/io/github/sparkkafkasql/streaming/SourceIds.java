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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.streaming.StreamingRelationV2;
import org.apache.spark.sql.execution.streaming.runtime.StreamingRelation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Kafka cluster id and topic ids of what a streaming table reads, kept with its checkpoint
 * ({@value #FILE}). The table's stored offsets are positions in particular topics of a particular
 * cluster, but Spark's source knows only broker addresses, topic names and offsets, so two changes
 * under an unchanged definition would go unnoticed:
 *
 * <ul>
 *   <li>a topic deleted and created again under its name starts again at offset 0: resuming would
 *       skip the new topic's first records, or read nothing until it passes the old offsets. Kafka
 *       gives each topic an id (KIP-516);
 *   <li>the brokers' address now reaches another cluster (a DNS name pointed elsewhere, brokers
 *       from a {@code secret()} whose value changed), whose topics of the same names hold other
 *       records at the same offsets. Each cluster has an id.
 * </ul>
 *
 * A changed id stops the refresh before it reads anything. Each Kafka source is recorded under its
 * position among the query's streaming sources, the order in which Spark keeps their offsets.
 */
final class SourceIds {

  private static final Logger LOG = LoggerFactory.getLogger(SourceIds.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String FILE = "kafka-sql-source-ids.json";

  /**
   * Topic ids alone, of a table with one Kafka source: what refreshes recorded before {@link
   * #FILE}.
   */
  static final String TOPIC_IDS_FILE = "kafka-sql-topic-ids.json";

  /**
   * What is known of one Kafka source: its cluster's id (null when unknown) and its topics' ids.
   */
  record Ids(String clusterId, Map<String, String> topicIds) {
    Ids {
      topicIds = topicIds == null ? Map.of() : new TreeMap<>(topicIds);
    }
  }

  /** A Kafka source of the query, at its position among the query's streaming sources. */
  private record Positioned(int position, ReadKafkaSource source) {}

  private SourceIds() {}

  /** The ids recorded by earlier refreshes of the table's checkpoint, by source position. */
  static Map<Integer, Ids> recorded(SparkSession spark, StoredTable table) {
    try {
      FileSystem fs = file(table, FILE).getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(file(table, FILE))) {
        try (InputStream in = fs.open(file(table, FILE))) {
          return JSON.readValue(in, new TypeReference<TreeMap<Integer, Ids>>() {});
        }
      }
      if (fs.exists(file(table, TOPIC_IDS_FILE))) {
        try (InputStream in = fs.open(file(table, TOPIC_IDS_FILE))) {
          Map<String, String> topics =
              JSON.readValue(in, new TypeReference<TreeMap<String, String>>() {});
          // Written only for tables with one Kafka source; its position is known once the query
          // is (see check).
          return Map.of(-1, new Ids(null, topics));
        }
      }
      return Map.of();
    } catch (IOException e) {
      // Written by us; unreadable means a crash while writing it: record afresh.
      LOG.warn("Could not read the Kafka ids of {}: {}", table.sqlName(), e.toString());
      return Map.of();
    }
  }

  /**
   * The cluster id recorded for each Kafka source of the table's checkpoint, by source position;
   * empty before the first refresh (and for tables last refreshed by an earlier version).
   */
  static Map<Integer, String> clusterIds(SparkSession spark, StoredTable table) {
    Map<Integer, String> ids = new TreeMap<>();
    recorded(spark, table)
        .forEach(
            (position, recorded) -> {
              if (position >= 0 && recorded.clusterId() != null) {
                ids.put(position, recorded.clusterId());
              }
            });
    return ids;
  }

  /**
   * Kept with the checkpoint whose offsets they qualify: REFRESH … FULL starts a new checkpoint,
   * and with it new ids. Spark ignores files it does not know in a checkpoint directory.
   */
  private static Path file(StoredTable table, String name) {
    return new Path(table.checkpointLocation(table.generation()), name);
  }

  /** What a refresh found before it ran, to record once it succeeded. */
  static final class Check {
    private final SparkSession spark;
    private final StoredTable table;
    private final List<Positioned> sources;
    private final Map<Integer, Ids> recorded;
    private final Map<Integer, Ids> before;

    private Check(
        SparkSession spark,
        StoredTable table,
        List<Positioned> sources,
        Map<Integer, Ids> recorded,
        Map<Integer, Ids> before) {
      this.spark = spark;
      this.table = table;
      this.sources = sources;
      this.recorded = recorded;
      this.before = before;
    }

    /**
     * Records the ids of what the table has now read: those checked before the refresh as they were
     * then (a topic recreated or brokers moved during the refresh are caught by the next one), the
     * topics read for the first time as they are now.
     */
    void record() {
      if (sources.isEmpty()) {
        return;
      }
      List<Map<TopicPartition, Long>> committed = committedBySource(spark, table);
      Map<Integer, Ids> after = new TreeMap<>(recorded);
      for (Positioned s : sources) {
        Ids checked = before.get(s.position());
        Ids known = after.getOrDefault(s.position(), new Ids(null, Map.of()));
        Map<String, String> topics = new TreeMap<>(known.topicIds());
        Set<String> unknown = new LinkedHashSet<>(topics(committed, s.position()));
        if (checked != null) {
          topics.putAll(checked.topicIds());
          unknown.removeAll(checked.topicIds().keySet());
        }
        Ids now = describe(s.source(), unknown);
        if (now != null) {
          topics.putAll(now.topicIds());
        }
        String cluster =
            checked != null && checked.clusterId() != null
                ? checked.clusterId()
                : now != null && now.clusterId() != null ? now.clusterId() : known.clusterId();
        after.put(s.position(), new Ids(cluster, topics));
      }
      write(spark, table, after);
    }
  }

  /**
   * Before a refresh: fails with {@code KAFKA_SQL_CLUSTER_CHANGED} when a Kafka source's brokers
   * belong to another cluster than the one the table has read from, and with {@code
   * KAFKA_SQL_TOPIC_RECREATED} when a topic it has read has another id than the one recorded for
   * it. A refresh from a fresh checkpoint ({@code fresh}) checks nothing and records what it reads.
   */
  static Check check(SparkSession spark, StoredTable table, Dataset<Row> df, boolean fresh) {
    List<Positioned> sources = kafkaSources(df);
    if (sources.isEmpty()) {
      return new Check(spark, table, sources, Map.of(), Map.of());
    }
    Map<Integer, Ids> recorded = new TreeMap<>(fresh ? Map.of() : recorded(spark, table));
    Ids legacy = recorded.remove(-1);
    if (legacy != null && sources.size() == 1) {
      recorded.put(sources.get(0).position(), legacy);
    }
    List<Map<TopicPartition, Long>> committed = fresh ? List.of() : committedBySource(spark, table);
    Map<Integer, Ids> current = new TreeMap<>();
    for (Positioned s : sources) {
      Ids now = describe(s.source(), topics(committed, s.position()));
      if (now == null) {
        continue; // Kafka did not answer in time: Spark's source meets it and reports it.
      }
      current.put(s.position(), now);
      Ids then = recorded.get(s.position());
      if (then == null) {
        continue;
      }
      if (then.clusterId() != null
          && now.clusterId() != null
          && !then.clusterId().equals(now.clusterId())) {
        throw StreamingTableErrors.clusterChanged(
            table.sqlName(), s.source().bootstrapServers(), then.clusterId(), now.clusterId());
      }
      now.topicIds()
          .forEach(
              (topic, id) -> {
                String previous = then.topicIds().get(topic);
                if (previous != null && !previous.equals(id)) {
                  throw StreamingTableErrors.topicRecreated(table.sqlName(), topic, previous, id);
                }
              });
    }
    return new Check(spark, table, sources, recorded, current);
  }

  /**
   * The Kafka sources of a refresh's query, each at its position among the query's streaming
   * sources: the leaves in plan order, as Spark numbers them in its offset log.
   */
  private static List<Positioned> kafkaSources(Dataset<Row> df) {
    LogicalPlan plan = ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().analyzed();
    List<Positioned> sources = new ArrayList<>();
    int position = 0;
    for (LogicalPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
      if (leaf instanceof StreamingRelationV2 v2) {
        if (v2.sourceName().equalsIgnoreCase("kafka")) {
          sources.add(
              new Positioned(
                  position,
                  ReadKafkaSource.ofSparkOptions(v2.extraOptions().asCaseSensitiveMap())));
        }
        position++;
      } else if (leaf instanceof StreamingRelation) {
        position++;
      }
    }
    return sources;
  }

  private static List<Map<TopicPartition, Long>> committedBySource(
      SparkSession spark, StoredTable table) {
    try {
      return StreamingTableStatus.committedOffsetsBySource(spark, table);
    } catch (IOException e) {
      throw StreamingTableErrors.refreshFailed(
          table.sqlName(), "could not read the checkpoint: " + e.getMessage(), e);
    }
  }

  private static Set<String> topics(List<Map<TopicPartition, Long>> committed, int position) {
    Set<String> topics = new LinkedHashSet<>();
    if (position < committed.size()) {
      committed.get(position).keySet().forEach(tp -> topics.add(tp.topic()));
    }
    return topics;
  }

  /** Writes {@code ids} when they differ from the recorded ones. */
  private static void write(SparkSession spark, StoredTable table, Map<Integer, Ids> ids) {
    if (ids.equals(recorded(spark, table))) {
      return;
    }
    Path file = file(table, FILE);
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(file, true)) {
        out.write(RefreshOutcomes.json(ids).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // The refresh succeeded; the next one records them.
      LOG.warn("Could not record the Kafka ids of {}: {}", table.sqlName(), e.toString());
    }
  }

  /**
   * The cluster's id (null from brokers too old to report one) and the ids of those of {@code
   * topics} that Kafka knows; null when Kafka does not answer in time.
   */
  static Ids describe(ReadKafkaSource source, Collection<String> topics) {
    KafkaFuture<String> cluster = source.admin().describeCluster().clusterId();
    Map<String, KafkaFuture<TopicDescription>> futures =
        topics.isEmpty() ? Map.of() : source.admin().describeTopics(topics).topicNameValues();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(source.timeoutMs());
    try {
      String clusterId = cluster.get(left(deadline), TimeUnit.MILLISECONDS);
      Map<String, String> ids = new LinkedHashMap<>();
      for (Map.Entry<String, KafkaFuture<TopicDescription>> e : futures.entrySet()) {
        try {
          Uuid id = e.getValue().get(left(deadline), TimeUnit.MILLISECONDS).topicId();
          // Brokers before Kafka 2.8 report no topic ids (the zero id); an upgrade assigns them.
          if (id != null && !Uuid.ZERO_UUID.equals(id)) {
            ids.put(e.getKey(), id.toString());
          }
        } catch (ExecutionException ex) {
          // A deleted topic: Spark's source reports its partitions as gone.
        }
      }
      return new Ids(clusterId, ids);
    } catch (ExecutionException | TimeoutException ex) {
      source.evictAdmin();
      LOG.warn("Could not read the Kafka ids of {} in time: {}", topics, ex.toString());
      return null;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static long left(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }
}
