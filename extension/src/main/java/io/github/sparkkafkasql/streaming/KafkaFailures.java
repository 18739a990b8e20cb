package io.github.sparkkafkasql.streaming;

import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import io.github.sparkkafkasql.kafka.KafkaPreflight;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;

/**
 * Kafka's failures during a refresh, as this extension's errors: brokers that went away (named,
 * with the connect timeout that bounded the wait) and records that expired while the refresh read
 * them (Spark's {@code KAFKA_DATA_LOSS}, raised on an executor, named by topic, partition and
 * range).
 */
final class KafkaFailures {

  private static final long PROBE_MS = 2_000;

  private KafkaFailures() {}

  /** The error for a refresh stopped by {@link BrokerWatch}. */
  static RuntimeException brokerLost(String table, BrokerWatch.Lost lost, long timeoutMs) {
    return StreamingTableErrors.refreshBrokerUnreachable(
        table,
        lost.servers(),
        timeoutText(timeoutMs),
        lost.reason(),
        KafkaSqlConf.CONNECT_TIMEOUT.key());
  }

  /** This extension's error for a refresh that Kafka failed, or null when Kafka did not. */
  static RuntimeException translate(
      StoredTable stored, SparkSession spark, List<ReadKafkaSource> sources, Throwable e) {
    String table = stored.sqlName();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SparkThrowable st
          && st.getCondition() != null
          && st.getCondition().startsWith("KAFKA_DATA_LOSS.")) {
        RuntimeException loss = dataLoss(stored, spark, sources, st);
        if (loss != null) {
          return loss;
        }
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (isKafkaTimeout(t)) {
        return timedOut(table, sources, t.getMessage());
      }
    }
    return null;
  }

  /**
   * A Kafka client call that gave up ({@code default.api.timeout.ms}, on the driver), or Spark's
   * executor poll that returned nothing within {@code kafkaConsumer.pollTimeoutMs} ({@code
   * InternalKafkaConsumer.fetch}, connector/kafka-0-10-sql/…/consumer/KafkaDataConsumer.scala).
   */
  private static boolean isKafkaTimeout(Throwable t) {
    return t instanceof org.apache.kafka.common.errors.TimeoutException
        || (t instanceof java.util.concurrent.TimeoutException
            && String.valueOf(t.getMessage()).startsWith("Cannot fetch record"));
  }

  private static RuntimeException timedOut(
      String table, List<ReadKafkaSource> sources, String message) {
    String servers =
        sources.stream()
            .map(ReadKafkaSource::bootstrapServers)
            .distinct()
            .collect(Collectors.joining(", "));
    String reason = message;
    for (ReadKafkaSource s : sources) {
      String unreachable = KafkaPreflight.unreachable(s.bootstrapServers(), PROBE_MS);
      if (unreachable != null) {
        reason = unreachable + "; " + message;
        break;
      }
    }
    long timeoutMs =
        sources.isEmpty() ? KafkaSqlConf.CONNECT_TIMEOUT.get() : sources.get(0).timeoutMs();
    return StreamingTableErrors.refreshBrokerUnreachable(
        table, servers, timeoutText(timeoutMs), reason, KafkaSqlConf.CONNECT_TIMEOUT.key());
  }

  /**
   * {@code KAFKA_DATA_LOSS.COULD_NOT_READ_OFFSET_RANGE} names the range a task could not read; the
   * table misses the records from its start up to the partition's earliest offset now. Other
   * subclasses (partitions deleted, an offset that went backwards) have no range and keep Spark's
   * message.
   */
  private static RuntimeException dataLoss(
      StoredTable table, SparkSession spark, List<ReadKafkaSource> sources, SparkThrowable st) {
    Map<String, String> p = st.getMessageParameters();
    String tp = p.get("topicPartition");
    long from;
    long to;
    try {
      switch (st.getCondition()) {
        case "KAFKA_DATA_LOSS.COULD_NOT_READ_OFFSET_RANGE" -> {
          from = Long.parseLong(p.get("startOffset"));
          to = Long.parseLong(p.get("endOffset"));
        }
        case "KAFKA_DATA_LOSS.START_OFFSET_RESET" -> {
          from = Long.parseLong(p.get("offset"));
          to = Long.parseLong(p.get("fetchedOffset"));
        }
        default -> {
          return null;
        }
      }
    } catch (NumberFormatException | NullPointerException e) {
      return null;
    }
    int dash = tp == null ? -1 : tp.lastIndexOf('-');
    if (dash <= 0) {
      return null;
    }
    TopicPartition partition;
    try {
      partition =
          new TopicPartition(tp.substring(0, dash), Integer.parseInt(tp.substring(dash + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
    // What the table misses runs from where it stopped (its committed offset; the failed task may
    // have started later) to the partition's earliest offset now, which may lie past the task's
    // range.
    long earliest = sources.size() == 1 ? earliest(sources.get(0), partition) : -1;
    Long committed = committed(spark, table).get(partition);
    if (committed != null && committed <= from && (earliest < 0 || committed < earliest)) {
      from = committed;
    }
    if (earliest > from) {
      to = earliest;
    }
    return StreamingTableErrors.dataLoss(
        table.sqlName(), partition.topic(), partition.partition(), from, to, "");
  }

  private static Map<TopicPartition, Long> committed(SparkSession spark, StoredTable table) {
    try {
      return StreamingTableStatus.committedOffsets(spark, table);
    } catch (java.io.IOException e) {
      return Map.of();
    }
  }

  /** The partition's earliest offset, or -1 when Kafka does not say in time. */
  private static long earliest(ReadKafkaSource source, TopicPartition partition) {
    try {
      return source
          .admin()
          .listOffsets(Map.of(partition, OffsetSpec.earliest()))
          .partitionResult(partition)
          .get(source.timeoutMs(), TimeUnit.MILLISECONDS)
          .offset();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      source.evictAdmin();
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static String timeoutText(long ms) {
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
