package io.github.sparkkafkasql.tvf;

import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.util.Map;

/**
 * The source options a streaming table's refresh reads Kafka with when its definition does not set
 * them: the extension knows the cluster, a definition written once does not. Only inside a
 * streaming table; a DataFrame user's own stream keeps Spark's defaults.
 */
final class RefreshReadDefaults {

  private RefreshReadDefaults() {}

  /**
   * Adds the defaults the definition left out to {@code options}, for a cluster of {@code cores}
   * reading {@code kafkaPartitions} partitions (0 when not known, as with {@code
   * subscribePattern}).
   */
  static void add(Map<String, String> options, int cores, int kafkaPartitions) {
    if (!options.containsKey(ReadKafkaOptions.MAX_OFFSETS_PER_TRIGGER.sparkKey())) {
      // A backlog in bounded batches: each is committed on its own, so a crash redoes one.
      long perCore = KafkaSqlConf.REFRESH_BATCH_RECORDS_PER_CORE.get();
      put(options, ReadKafkaOptions.MAX_OFFSETS_PER_TRIGGER, saturated(perCore, cores));
    }
    // Kafka's 1 MB per partition and fetch and 64 KB socket buffer cost a round trip per megabyte
    // of a backlog (docs/performance.md, "Kafka fetch sizes").
    if (!options.containsKey(ReadKafkaOptions.MAX_PARTITION_FETCH_BYTES.sparkKey())) {
      put(options, ReadKafkaOptions.MAX_PARTITION_FETCH_BYTES, 8L << 20);
    }
    if (!options.containsKey(ReadKafkaOptions.RECEIVE_BUFFER_BYTES.sparkKey())) {
      put(options, ReadKafkaOptions.RECEIVE_BUFFER_BYTES, -1);
    }
    int tasksPerCore = KafkaSqlConf.REFRESH_TASKS_PER_CORE.get();
    // Spark 4.2's KafkaDataConsumer.get, on an offset out of range with failOnDataLoss false,
    // returns its consumer to the pool and then lists the partition's offsets with it
    // (connector/kafka-0-10-sql/…/consumer/KafkaDataConsumer.scala: releaseConsumer(), then
    // getEarliestAvailableOffsetBetween(consumer, …)): another task reading a range of the same
    // partition borrows it meanwhile and the refresh fails with "KafkaConsumer is not safe for
    // multi-threaded access". One task per partition keeps that consumer to one thread.
    boolean acceptsLoss =
        "false".equalsIgnoreCase(options.get(ReadKafkaOptions.FAIL_ON_DATA_LOSS.sparkKey()));
    if (tasksPerCore > 0
        && !acceptsLoss
        && !options.containsKey(ReadKafkaOptions.MIN_PARTITIONS.sparkKey())
        && !options.containsKey(ReadKafkaOptions.MAX_RECORDS_PER_PARTITION.sparkKey())) {
      long tasks = minPartitions(saturated(tasksPerCore, cores), kafkaPartitions);
      if (tasks > kafkaPartitions) {
        put(options, ReadKafkaOptions.MIN_PARTITIONS, tasks);
      }
    }
  }

  /**
   * At least {@code wanted} tasks, as a multiple of the Kafka partitions. The write stage runs one
   * task per Kafka partition: 3 partitions on 2 cores run in two waves, the second on one core.
   * Spark splits each partition's share of a batch into round(share × minPartitions) ranges, so 4
   * would leave 3 even partitions unsplit; 6 gives 6 equal tasks, 3 full waves.
   */
  static long minPartitions(long wanted, int kafkaPartitions) {
    if (kafkaPartitions <= 0) {
      return Math.min(Integer.MAX_VALUE, wanted);
    }
    long perPartition = (wanted + kafkaPartitions - 1) / kafkaPartitions;
    return Math.min(Integer.MAX_VALUE, perPartition * kafkaPartitions);
  }

  private static void put(Map<String, String> options, KafkaOption option, long value) {
    options.put(option.sparkKey(), String.valueOf(value));
  }

  private static long saturated(long perCore, int cores) {
    long n = Math.max(1, cores);
    return perCore > Long.MAX_VALUE / n ? Long.MAX_VALUE : perCore * n;
  }
}
