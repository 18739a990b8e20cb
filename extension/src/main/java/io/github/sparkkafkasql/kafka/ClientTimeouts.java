package io.github.sparkkafkasql.kafka;

import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Kafka client timeouts of Spark's Kafka source, derived from {@code
 * spark.kafkaSql.connectTimeout} unless the read sets them. With Kafka's and Spark's defaults a
 * broker that goes away makes a read wait minutes: the driver's offset requests ({@code
 * KafkaOffsetReaderAdmin.withRetries}, connector/kafka-0-10-sql/…/KafkaOffsetReaderAdmin.scala)
 * each block up to {@code default.api.timeout.ms} (60 s) and are tried {@code
 * fetchOffset.numRetries} (3) times; an executor's poll waits {@code kafkaConsumer.pollTimeoutMs}
 * ({@code spark.network.timeout}, 120 s) per task attempt. With these, each blocking call gives up
 * after the connect timeout.
 *
 * <p>{@code metadata.max.age.ms} is bounded the same way. When a query stops, Spark closes its
 * driver's Kafka admin client without a time limit ({@code KafkaOffsetReaderAdmin.close}). If the
 * broker went away during an offset request and comes back while that close waits, Kafka's admin
 * thread sleeps until its next metadata refresh before it sees the close: 298 s with Kafka's
 * default of 5 minutes, 3.6 s at 5 s (measured against the embedded broker). The next refresh of
 * the table waits for that stop, so it would wait minutes.
 */
public final class ClientTimeouts {

  /** Kafka's defaults, kept when the connect timeout is longer. */
  private static final long REQUEST_TIMEOUT_MS = 30_000;

  private static final long CONNECTION_SETUP_MS = 10_000;
  private static final long CONNECTION_SETUP_MAX_MS = 30_000;
  private static final long METADATA_MAX_AGE_MS = 300_000;

  private ClientTimeouts() {}

  /**
   * {@code sparkOptions} with the timeouts the read did not set, derived from {@code connectMs}.
   */
  public static Map<String, String> derive(Map<String, String> sparkOptions, long connectMs) {
    Map<String, String> options = new LinkedHashMap<>(sparkOptions);
    putIfAbsent(options, ReadKafkaOptions.DEFAULT_API_TIMEOUT_MS, connectMs);
    putIfAbsent(
        options, ReadKafkaOptions.REQUEST_TIMEOUT_MS, Math.min(connectMs, REQUEST_TIMEOUT_MS));
    putIfAbsent(
        options,
        ReadKafkaOptions.SOCKET_CONNECTION_SETUP_TIMEOUT_MS,
        Math.min(connectMs, CONNECTION_SETUP_MS));
    putIfAbsent(
        options,
        ReadKafkaOptions.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS,
        Math.min(connectMs, CONNECTION_SETUP_MAX_MS));
    putIfAbsent(
        options, ReadKafkaOptions.METADATA_MAX_AGE_MS, Math.min(connectMs, METADATA_MAX_AGE_MS));
    putIfAbsent(options, ReadKafkaOptions.POLL_TIMEOUT_MS, connectMs);
    return options;
  }

  /** Spark reads its options ignoring case, and so does this check. */
  private static void putIfAbsent(Map<String, String> options, KafkaOption option, long value) {
    String key = option.sparkKey();
    String lower = key.toLowerCase(Locale.ROOT);
    if (options.keySet().stream().noneMatch(k -> k.toLowerCase(Locale.ROOT).equals(lower))) {
      options.put(key, String.valueOf(value));
    }
  }
}
