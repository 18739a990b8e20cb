package io.github.sparkkafkasql.streaming;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    static final Ids NONE = new Ids(null, Map.of());

    Ids {
      topicIds = topicIds == null ? Map.of() : new TreeMap<>(topicIds);
    }

    /**
     * These ids completed with {@code seen}: what is recorded is never replaced, so that an id that
     * differs stays for the next refresh to report.
     */
    Ids plus(Ids seen) {
      Map<String, String> topics = new TreeMap<>(seen.topicIds());
      topics.putAll(topicIds);
      return new Ids(clusterId != null ? clusterId : seen.clusterId(), topics);
    }
  }

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
          // Brokers before Kafka 2.8 gave every topic the zero id, which that version recorded.
          topics.values().removeIf(id -> Uuid.ZERO_UUID.toString().equals(id));
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

  /** What a refresh recorded before it ran, to complete once it succeeded. */
  static final class Check {
    private final SparkSession spark;
    private final StoredTable table;
    private final List<KafkaLeaf> sources;
    private final Map<Integer, Ids> known;

    private Check(
        SparkSession spark, StoredTable table, List<KafkaLeaf> sources, Map<Integer, Ids> known) {
      this.spark = spark;
      this.table = table;
      this.sources = sources;
      this.known = known;
    }

    /**
     * Adds the ids of what the refresh read for the first time (the new topics of a pattern, ids
     * Kafka did not give before the refresh), as they are now; what is recorded stays. The refresh
     * has committed, so a failure here is logged: the next refresh records what is missing.
     */
    void record() {
      try {
        List<Map<TopicPartition, Long>> committed =
            sources.isEmpty()
                ? List.of()
                : StreamingTableStatus.committedOffsetsBySource(spark, table);
        Map<Integer, Ids> after = new TreeMap<>(known);
        for (KafkaLeaf s : sources) {
          Ids was = after.getOrDefault(s.position(), Ids.NONE);
          Set<String> unknown = new LinkedHashSet<>();
          s.committedIn(committed).keySet().forEach(tp -> unknown.add(tp.topic()));
          unknown.removeAll(was.topicIds().keySet());
          if (unknown.isEmpty() && was.clusterId() != null) {
            continue;
          }
          Ids now = describe(s.source(), unknown);
          if (now != null) {
            after.put(s.position(), was.plus(now));
          }
        }
        if (!after.equals(known)) {
          write(spark, table, after);
        }
      } catch (Exception e) {
        LOG.warn("Could not record the Kafka ids of {}: {}", table.sqlName(), e.toString());
      }
    }
  }

  /**
   * Before a refresh: fails with {@code KAFKA_SQL_CLUSTER_CHANGED} when a Kafka source's brokers
   * belong to another cluster than the one recorded for it, and with {@code
   * KAFKA_SQL_TOPIC_RECREATED} when a topic it has read, or names, has another id than the one
   * recorded. Then records what it found and had not recorded yet, before the refresh reads
   * anything: a refresh that commits batches and then fails leaves them checked for the next. A
   * refresh from a fresh checkpoint ({@code fresh}: no offsets yet) compares nothing. When Kafka
   * does not answer in time nothing is compared or recorded for that source; Spark's source meets
   * the same brokers and reports them.
   */
  static Check check(
      SparkSession spark,
      StoredTable table,
      List<KafkaLeaf> sources,
      List<Map<TopicPartition, Long>> committed,
      boolean fresh) {
    if (sources.isEmpty()) {
      return new Check(spark, table, sources, Map.of());
    }
    Map<Integer, Ids> recorded = new TreeMap<>(fresh ? Map.of() : recorded(spark, table));
    Ids legacy = recorded.remove(-1);
    if (legacy != null && sources.size() == 1) {
      recorded.put(sources.get(0).position(), legacy);
    }
    Map<Integer, Ids> known = new TreeMap<>(recorded);
    for (KafkaLeaf s : sources) {
      Set<String> topics = new LinkedHashSet<>();
      s.committedIn(committed).keySet().forEach(tp -> topics.add(tp.topic()));
      topics.addAll(named(s.source()));
      Ids now = describe(s.source(), topics);
      if (now == null) {
        continue;
      }
      Ids then = recorded.getOrDefault(s.position(), Ids.NONE);
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
      known.put(s.position(), then.plus(now));
    }
    if (fresh || !known.equals(recorded)) {
      write(spark, table, known);
    }
    return new Check(spark, table, sources, known);
  }

  /** The topics a source names ({@code subscribe}, {@code assign}); none for a pattern. */
  private static Set<String> named(ReadKafkaSource source) {
    Set<String> topics = new LinkedHashSet<>();
    String subscribe = source.option(ReadKafkaOptions.SUBSCRIBE);
    if (subscribe != null) {
      for (String t : subscribe.split(",")) {
        if (!t.isBlank()) {
          topics.add(t.trim());
        }
      }
    }
    String assign = source.option(ReadKafkaOptions.ASSIGN);
    if (assign != null) {
      try {
        JSON.readTree(assign).fieldNames().forEachRemaining(topics::add);
      } catch (IOException e) {
        // Validated when read_kafka bound it; Spark's source reports it otherwise.
      }
    }
    return topics;
  }

  /**
   * Writes {@code ids} next to the checkpoint, through a temporary file renamed over the old one,
   * so that a crash leaves either the old ids or the new.
   */
  private static void write(SparkSession spark, StoredTable table, Map<Integer, Ids> ids) {
    Path file = file(table, FILE);
    Path temporary = file(table, "." + FILE + "." + java.util.UUID.randomUUID() + ".tmp");
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(temporary, true)) {
        out.write(RefreshOutcomes.json(ids).getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(file, false);
      if (!fs.rename(temporary, file)) {
        throw new IOException("could not rename " + temporary + " to " + file);
      }
    } catch (IOException e) {
      // Nothing read yet, or the refresh succeeded; the next refresh records them.
      LOG.warn("Could not record the Kafka ids of {}: {}", table.sqlName(), e.toString());
    }
  }

  /**
   * The cluster's id (null from brokers too old to report one) and the ids of those of {@code
   * topics} that Kafka knows; null when Kafka does not answer in time.
   */
  static Ids describe(ReadKafkaSource source, Collection<String> topics) {
    // The cluster id from a client of its own, which looks the brokers' address up again: the
    // shared one keeps talking to the brokers it found first, wherever the address points now.
    Admin own;
    try {
      own = source.newAdmin();
    } catch (org.apache.kafka.common.KafkaException e) {
      // No address resolves any more (the read's own check passed a moment ago): Spark's source
      // meets the same and reports it.
      LOG.warn("Could not connect to read the Kafka ids of {}: {}", topics, e.toString());
      return null;
    }
    KafkaFuture<String> cluster = own.describeCluster().clusterId();
    Map<String, KafkaFuture<TopicDescription>> futures =
        topics.isEmpty() ? Map.of() : source.admin().describeTopics(topics).topicNameValues();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(source.timeoutMs());
    try {
      String clusterId;
      try {
        clusterId = cluster.get(left(deadline), TimeUnit.MILLISECONDS);
      } finally {
        own.close(Duration.ZERO);
      }
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
