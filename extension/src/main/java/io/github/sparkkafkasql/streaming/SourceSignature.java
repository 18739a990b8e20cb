package io.github.sparkkafkasql.streaming;

import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.streaming.StreamingRelationV2;
import org.apache.spark.sql.execution.streaming.runtime.StreamingRelation;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What a streaming query reads: each source's kind, the options that name what it reads, and, for
 * Kafka, the cluster its brokers belong to. A checkpoint's offsets belong to its sources, so a
 * definition whose sources change cannot keep the table's checkpoint.
 */
final class SourceSignature {

  /**
   * Options declared to keep a table's positions: they only matter before the first checkpoint, or
   * only tune the read. ({@code includeHeaders} adds a column, which the table's schema check
   * judges.)
   */
  private static final Set<String> IGNORED =
      ReadKafkaOptions.ALL.stream()
          .filter(KafkaOption::keepsPositions)
          .map(o -> o.sparkKey().toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());

  private static final String BROKERS = ReadKafkaOptions.BOOTSTRAP_SERVERS.sparkKey();

  /**
   * One source: its kind and the options that name what it reads, the brokers apart, and all its
   * options (to reach its brokers).
   */
  private record Source(String reads, String brokers, Map<String, String> options) {

    /** Without the options, which hold resolved secrets. */
    @Override
    public String toString() {
      return reads + " from " + brokers;
    }

    /** The broker addresses as a set: their order, case and spaces do not matter. */
    Set<String> brokerSet() {
      Set<String> set = new TreeSet<>();
      for (String b : brokers.split(",")) {
        if (!b.isBlank()) {
          set.add(b.trim().toLowerCase(Locale.ROOT));
        }
      }
      return set;
    }
  }

  private static final String SOURCES_CHANGE =
      "its streaming sources change (topics, brokers or other source options), so the table's"
          + " Kafka positions no longer apply";

  private final List<Source> sources;

  private SourceSignature(List<Source> sources) {
    this.sources = sources;
  }

  static SourceSignature of(Dataset<Row> df) {
    LogicalPlan plan = ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().analyzed();
    List<Source> sources = new ArrayList<>();
    for (LogicalPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
      if (leaf instanceof StreamingRelationV2 v2) {
        sources.add(source(v2.sourceName(), v2.extraOptions().asCaseSensitiveMap()));
      } else if (leaf instanceof StreamingRelation v1) {
        var ds = v1.dataSource();
        String table =
            ds.catalogTable().isDefined()
                ? ds.catalogTable().get().identifier().unquotedString()
                : "";
        sources.add(
            source(v1.sourceName() + " " + table, CollectionConverters.asJava(ds.options())));
      }
    }
    // In plan order, not sorted: Spark numbers a query's sources in this order, and its checkpoint
    // keeps each source's offsets under that number, so swapping two sources swaps their offsets.
    return new SourceSignature(sources);
  }

  /**
   * Null when {@code next} reads what this signature reads, so that the table's positions still
   * apply; otherwise the change, in words. Brokers may change (another listener, more addresses,
   * other hosts) when both sets reach the same Kafka cluster, which each cluster's id tells: the id
   * the table recorded for the source ({@code recorded}, by position), else the old brokers'
   * answer, and the new brokers', each within {@code timeoutMs}.
   */
  String changeTo(SourceSignature next, Map<Integer, String> recorded, long timeoutMs) {
    List<String> reads = sources.stream().map(Source::reads).toList();
    if (!reads.equals(next.sources.stream().map(Source::reads).toList())) {
      return SOURCES_CHANGE;
    }
    for (int i = 0; i < sources.size(); i++) {
      Source before = sources.get(i);
      Source after = next.sources.get(i);
      if ((before.brokers() == null) != (after.brokers() == null)) {
        return SOURCES_CHANGE;
      }
      if (before.brokers() != null && !before.brokerSet().equals(after.brokerSet())) {
        String change = clusterChange(before, after, recorded.get(i), timeoutMs);
        if (change != null) {
          return change;
        }
      }
    }
    return null;
  }

  /**
   * Null when both sources' brokers belong to one Kafka cluster, the old one known as {@code
   * recorded} when not null; otherwise why not.
   */
  private static String clusterChange(
      Source before, Source after, String recorded, long timeoutMs) {
    String change = "its Kafka brokers change from `" + before.brokers() + "`";
    String to = " to `" + after.brokers() + "`";
    Source asked = before;
    String problem;
    try {
      String old = recorded != null ? recorded : clusterId(before, timeoutMs);
      asked = after;
      String now = clusterId(after, timeoutMs);
      if (old != null && old.equals(now)) {
        return null;
      }
      if (old != null && now != null) {
        return change
            + " (cluster id "
            + old
            + ")"
            + to
            + ", another Kafka cluster (id "
            + now
            + "), so the table's Kafka positions no longer apply";
      }
      problem = "a broker that reports no cluster id";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted";
    } catch (Exception e) {
      problem = reason(e);
    }
    return change
        + to
        + ", and it could not be confirmed within "
        + timeoutMs
        + " ms that both are the same Kafka cluster (asking the "
        + (asked == before ? "old" : "new")
        + " brokers: "
        + problem
        + ")";
  }

  /** The cluster's id, as its brokers report it; null from brokers too old to report one. */
  private static String clusterId(Source source, long timeoutMs) throws Exception {
    ReadKafkaSource read = ReadKafkaSource.ofSparkOptions(source.options());
    try {
      return read.admin().describeCluster().clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      read.evictAdmin();
      throw e;
    }
  }

  private static String reason(Throwable e) {
    Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  private static Source source(String kind, Map<String, String> options) {
    TreeMap<String, String> kept = new TreeMap<>();
    String brokers = null;
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (key.equals(BROKERS)) {
        brokers = e.getValue();
      } else if (!IGNORED.contains(key) && !key.startsWith(ReadKafkaOptions.KAFKA_PREFIX)) {
        // Of the Kafka client's own settings only the brokers name what is read; the rest (fetch
        // sizes, timeouts, TLS and SASL settings and their secrets) tune or secure the connection.
        kept.put(key, key.equals("subscribe") ? topicSet(e.getValue()) : e.getValue());
      }
    }
    return new Source(kind + " " + kept, brokers, new LinkedHashMap<>(options));
  }

  /**
   * A subscription as the topics it reads: read_kafka trims the names, and Spark keeps offsets by
   * topic and partition, so neither spaces nor the order of the list change what is read.
   */
  private static String topicSet(String subscribe) {
    TreeSet<String> topics = new TreeSet<>();
    for (String t : subscribe.split(",")) {
      if (!t.isBlank()) {
        topics.add(t.trim());
      }
    }
    return String.join(",", topics);
  }
}
