package io.github.sparkkafkasql.pushdown;

import io.github.sparkkafkasql.pushdown.OffsetRanges.Range;
import io.github.sparkkafkasql.tvf.ReadKafkaSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the first {@code n} records of each range end. Offsets are not record counts: compaction
 * removes records, transaction markers take offsets, and read_committed skips aborted records. So
 * the end offset comes from the records themselves, read as Spark's tasks will read them.
 */
final class LimitProbe {

  /** Larger limits are not pushed: the probe would read as much as the query itself. */
  static final long MAX_RECORDS = 1_000;

  private LimitProbe() {}

  /** The ranges cut after their first {@code n} records; null when Kafka did not answer in time. */
  static Map<TopicPartition, Range> firstRecords(
      ReadKafkaSource source, Map<TopicPartition, Range> ranges, long n) {
    Map<TopicPartition, Range> result = new LinkedHashMap<>(ranges);
    List<TopicPartition> open = new ArrayList<>();
    ranges.forEach(
        (tp, r) -> {
          if (r.end() - r.start() > n) {
            open.add(tp);
          }
        });
    if (open.isEmpty()) {
      return result;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(source.timeoutMs());
    return source.withConsumer(consumer -> probe(consumer, ranges, n, open, deadline, result));
  }

  /** Reads the open partitions until each has shown its n-th record or its end; null on timeout. */
  private static Map<TopicPartition, Range> probe(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, Range> ranges,
      long n,
      List<TopicPartition> open,
      long deadline,
      Map<TopicPartition, Range> result) {
    Map<TopicPartition, Long> seen = new HashMap<>();
    consumer.assign(open);
    open.forEach(tp -> consumer.seek(tp, ranges.get(tp).start()));
    while (!open.isEmpty()) {
      if (System.nanoTime() > deadline) {
        return null;
      }
      ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
      for (TopicPartition tp : new ArrayList<>(open)) {
        Range r = ranges.get(tp);
        for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
          long count = seen.merge(tp, 1L, Long::sum);
          if (count == n && record.offset() < r.end()) {
            result.put(tp, new Range(r.start(), record.offset() + 1));
            break;
          }
        }
        if (result.get(tp) != r || consumer.position(tp) >= r.end()) {
          open.remove(tp);
          consumer.pause(List.of(tp));
        }
      }
    }
    return result;
  }
}
