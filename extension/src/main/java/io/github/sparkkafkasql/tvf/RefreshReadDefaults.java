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
   * Adds the defaults the definition left out to {@code options}, for a cluster of {@code cores}.
   */
  static void add(Map<String, String> options, int cores) {
    if (!options.containsKey(ReadKafkaOptions.MAX_OFFSETS_PER_TRIGGER.sparkKey())) {
      // A backlog in bounded batches: each is committed on its own, so a crash redoes one.
      long perCore = KafkaSqlConf.REFRESH_BATCH_RECORDS_PER_CORE.get();
      put(options, ReadKafkaOptions.MAX_OFFSETS_PER_TRIGGER, saturated(perCore, cores));
    }
  }

  private static void put(Map<String, String> options, KafkaOption option, long value) {
    options.put(option.sparkKey(), String.valueOf(value));
  }

  private static long saturated(long perCore, int cores) {
    long n = Math.max(1, cores);
    return perCore > Long.MAX_VALUE / n ? Long.MAX_VALUE : perCore * n;
  }
}
