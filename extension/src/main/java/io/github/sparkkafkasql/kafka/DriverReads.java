package io.github.sparkkafkasql.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The one poll loop of the driver's own reads (a schema sample, the LIMIT probe, a small read
 * served without a Spark job): each partition's records from a start offset up to an end offset,
 * with a consumer lent by {@link ReadKafkaSource#withConsumer}, which reads them as Spark's tasks
 * would (same isolation level, so aborted records and transaction markers are skipped alike).
 */
public final class DriverReads {

  /** Receives the records in range, in offset order within each partition. */
  @FunctionalInterface
  public interface Visitor {
    /** Takes one record; false when its partition needs no more. */
    boolean accept(ConsumerRecord<byte[], byte[]> record);
  }

  private DriverReads() {}

  /**
   * Reads every partition of {@code starts} from its start to its end offset (exclusive) in {@code
   * ends}, or until {@code visitor} declines a partition; false when {@code deadlineNanos} (a
   * {@link System#nanoTime()}) passed first. The consumer is left assigned, as {@link
   * ProbeConsumers} expects.
   */
  public static boolean read(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, Long> starts,
      Map<TopicPartition, Long> ends,
      long deadlineNanos,
      Visitor visitor) {
    List<TopicPartition> open = new ArrayList<>();
    starts.forEach(
        (tp, start) -> {
          if (ends.get(tp) > start) {
            open.add(tp);
          }
        });
    consumer.assign(open);
    open.forEach(tp -> consumer.seek(tp, starts.get(tp)));
    while (!open.isEmpty()) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      ConsumerRecords<byte[], byte[]> records =
          consumer.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(100).toNanos())));
      for (TopicPartition tp : new ArrayList<>(open)) {
        long end = ends.get(tp);
        boolean more = true;
        for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
          if (r.offset() >= end || !visitor.accept(r)) {
            more = false;
            break;
          }
        }
        // Under read_committed the position may pass the end over a transaction marker.
        if (!more || consumer.position(tp) >= end) {
          open.remove(tp);
          consumer.pause(List.of(tp));
        }
      }
    }
    return true;
  }
}
