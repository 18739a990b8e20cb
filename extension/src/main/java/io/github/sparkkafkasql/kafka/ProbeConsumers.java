package io.github.sparkkafkasql.kafka;

import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Consumers kept between the driver-side reads of batch queries (the LIMIT probe), per distinct
 * client configuration. Creating a consumer and its first connection costs about as much as the
 * probe's reads, so a peek with LIMIT would otherwise pay it on every query. Each consumer serves
 * one read at a time; one idle for a minute is closed, and one that a read failed with is closed at
 * once.
 */
final class ProbeConsumers {

  private static final long IDLE_MS = Duration.ofMinutes(1).toMillis();

  private static final Map<String, Deque<Idle>> POOL = new ConcurrentHashMap<>();

  private static final AtomicLong IDS = new AtomicLong();

  private record Idle(KafkaConsumer<byte[], byte[]> consumer, long since) {}

  static {
    AdminClients.REAPER.scheduleWithFixedDelay(ProbeConsumers::closeIdle, 30, 30, TimeUnit.SECONDS);
  }

  private ProbeConsumers() {}

  /**
   * Runs {@code read} with a consumer of these settings, unassigned. The consumer goes back to the
   * pool when {@code read} returns a result, and is closed when it throws or returns null.
   */
  static <T> T lend(Properties props, Function<KafkaConsumer<byte[], byte[]>, T> read) {
    String key = AdminClients.key(props);
    Deque<Idle> idle = POOL.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
    Idle reused = idle.pollFirst();
    KafkaConsumer<byte[], byte[]> consumer = reused != null ? reused.consumer() : create(props);
    boolean reusable = false;
    try {
      T result = read.apply(consumer);
      if (result != null) {
        // Drops the assignment, positions and paused state, and any buffered records.
        consumer.unsubscribe();
        reusable = true;
      }
      return result;
    } finally {
      if (reusable) {
        idle.addFirst(new Idle(consumer, System.currentTimeMillis()));
      } else {
        closeQuietly(consumer);
      }
    }
  }

  /** Closes without waiting; a failure to close must not hide the failure that led here. */
  private static void closeQuietly(KafkaConsumer<byte[], byte[]> consumer) {
    try {
      consumer.close(Duration.ZERO);
    } catch (RuntimeException e) {
      // The consumer is dropped either way.
    }
  }

  /** A new consumer with a client id of its own, as Kafka's metrics and JMX names want. */
  private static KafkaConsumer<byte[], byte[]> create(Properties props) {
    Properties own = new Properties();
    own.putAll(props);
    String id = props.getProperty(ConsumerConfig.CLIENT_ID_CONFIG, "kafka-sql");
    own.put(ConsumerConfig.CLIENT_ID_CONFIG, id + "-" + IDS.incrementAndGet());
    return new KafkaConsumer<>(own);
  }

  /** The least recently used consumers sit at the end of each queue. */
  private static void closeIdle() {
    long now = System.currentTimeMillis();
    for (Deque<Idle> idle : POOL.values()) {
      Idle oldest;
      while ((oldest = idle.peekLast()) != null && now - oldest.since() > IDLE_MS) {
        if (idle.removeLastOccurrence(oldest)) {
          closeQuietly(oldest.consumer());
        }
      }
    }
  }
}
