package io.github.sparkkafkasql.pushdown;

import io.github.sparkkafkasql.kafka.DriverReads;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.pushdown.OffsetRanges.Range;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The least a {@code LIMIT n} needs to read: the ranges, in order, up to the one holding the {@code
 * n}-th record, that one cut just after it. A limit without {@code ORDER BY} may return any {@code
 * n} rows, and every record of these ranges matches the query (pushdown cuts for a limit only when
 * the conditions below it are exact), so these ranges give the same number of rows as the whole
 * read.
 *
 * <p>Offsets are not record counts: compaction removes records, transaction markers take offsets,
 * and read_committed skips aborted records. So the cut comes from the records themselves, read as
 * Spark's tasks will read them.
 */
final class LimitProbe {

  /** Larger limits are not pushed: the probe would read as much as the query itself. */
  static final long MAX_RECORDS = 1_000;

  private LimitProbe() {}

  /** The ranges that hold the first {@code n} records; null when Kafka did not answer in time. */
  static Map<TopicPartition, Range> firstRecords(
      ReadKafkaSource source, Map<TopicPartition, Range> ranges, long n) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(source.timeoutMs());
    return source.withConsumer(consumer -> cut(ranges, n, new Probe(consumer, deadline)));
  }

  /** Reads the records of some ranges. */
  interface FirstOffsets {
    /**
     * The offsets of up to {@code n} first records of each of the partitions' ranges, read
     * together; null when Kafka did not answer in time.
     */
    Map<TopicPartition, List<Long>> of(
        List<TopicPartition> partitions, Map<TopicPartition, Range> ranges, long n);
  }

  /**
   * The ranges, in order, up to the one holding the {@code n}-th record that {@code read} finds,
   * that one cut just after it; null when reading timed out.
   */
  static Map<TopicPartition, Range> cut(
      Map<TopicPartition, Range> ranges, long n, FirstOffsets read) {
    List<TopicPartition> order = new ArrayList<>();
    ranges.forEach(
        (tp, r) -> {
          if (r.end() > r.start()) {
            order.add(tp);
          }
        });
    Map<TopicPartition, Range> kept = new LinkedHashMap<>();
    long wanted = n;
    int next = 0;
    while (wanted > 0 && next < order.size()) {
      // Next, as many ranges as could hold the records still wanted (a range holds at most one
      // record per offset), read together.
      List<TopicPartition> batch = new ArrayList<>();
      long offsets = 0;
      while (next < order.size() && offsets < wanted) {
        TopicPartition tp = order.get(next++);
        batch.add(tp);
        offsets += ranges.get(tp).end() - ranges.get(tp).start();
      }
      Map<TopicPartition, List<Long>> found = read.of(batch, ranges, wanted);
      if (found == null) {
        return null;
      }
      for (TopicPartition tp : batch) {
        List<Long> first = found.get(tp);
        Range r = ranges.get(tp);
        if (first.size() >= wanted) {
          kept.put(tp, new Range(r.start(), first.get((int) wanted - 1) + 1));
          wanted = 0;
          break;
        }
        kept.put(tp, r);
        wanted -= first.size();
      }
    }
    return kept;
  }

  /** One probe with a lent consumer. */
  private static final class Probe implements FirstOffsets {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long deadline;

    Probe(KafkaConsumer<byte[], byte[]> consumer, long deadline) {
      this.consumer = consumer;
      this.deadline = deadline;
    }

    @Override
    public Map<TopicPartition, List<Long>> of(
        List<TopicPartition> partitions, Map<TopicPartition, Range> ranges, long n) {
      Map<TopicPartition, List<Long>> found = new HashMap<>();
      Map<TopicPartition, Long> starts = new HashMap<>();
      Map<TopicPartition, Long> ends = new HashMap<>();
      for (TopicPartition tp : partitions) {
        found.put(tp, new ArrayList<>());
        starts.put(tp, ranges.get(tp).start());
        ends.put(tp, ranges.get(tp).end());
      }
      boolean done =
          DriverReads.read(
              consumer,
              starts,
              ends,
              deadline,
              r -> {
                List<Long> offsets = found.get(new TopicPartition(r.topic(), r.partition()));
                offsets.add(r.offset());
                return offsets.size() < n;
              });
      return done ? found : null;
    }
  }
}
