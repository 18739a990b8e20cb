package io.github.sparkkafkasql.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The newest records of each partition a read covers, read on the driver with a pooled probe
 * consumer: what schema inference looks at. A probe, not a Spark job: at most {@code n} records per
 * partition, within the read's timeout.
 */
public final class TopicSample {

  /** The sampled keys and values, nulls left out, and how many records were read. */
  public record Records(List<byte[]> keys, List<byte[]> values, int read) {}

  private TopicSample() {}

  /**
   * Up to {@code n} newest records of each partition of {@code source}; fewer when the deadline
   * ({@link ReadKafkaSource#timeoutMs()}) passes first.
   */
  public static Records newest(ReadKafkaSource source, int n) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(source.timeoutMs());
    return source.withConsumer(
        consumer -> read(consumer, partitions(source, consumer), n, deadline));
  }

  private static Records read(
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      int n,
      long deadline) {
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    int[] read = {0};
    Duration timeout = remaining(deadline);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
    Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, remaining(deadline));
    Map<TopicPartition, Long> from = new HashMap<>();
    for (TopicPartition tp : partitions) {
      from.put(tp, Math.max(starts.get(tp), ends.get(tp) - n));
    }
    // Past the deadline, the sample is what was read by then.
    DriverReads.read(
        consumer,
        from,
        ends,
        deadline,
        r -> {
          add(keys, r.key());
          add(values, r.value());
          read[0]++;
          return true;
        });
    return new Records(keys, values, read[0]);
  }

  private static void add(List<byte[]> to, byte[] bytes) {
    if (bytes != null) {
      to.add(bytes);
    }
  }

  /** The partitions of subscribe, assign or subscribePattern, as the source options give them. */
  private static List<TopicPartition> partitions(
      ReadKafkaSource source, KafkaConsumer<byte[], byte[]> consumer) {
    List<TopicPartition> partitions = new ArrayList<>();
    String assign = source.option(ReadKafkaOptions.ASSIGN);
    if (assign != null) {
      try {
        JsonNode root = new ObjectMapper().readTree(assign);
        root.fields()
            .forEachRemaining(
                e ->
                    e.getValue()
                        .forEach(p -> partitions.add(new TopicPartition(e.getKey(), p.asInt()))));
      } catch (IOException e) {
        throw new IllegalStateException("assign was validated as JSON", e);
      }
      return partitions;
    }
    List<String> topics = new ArrayList<>();
    String subscribe = source.option(ReadKafkaOptions.SUBSCRIBE);
    String pattern = source.option(ReadKafkaOptions.SUBSCRIBE_PATTERN);
    if (subscribe != null) {
      for (String t : subscribe.split(",")) {
        if (!t.isBlank()) {
          topics.add(t.trim());
        }
      }
    } else if (pattern != null) {
      Pattern p = Pattern.compile(pattern);
      consumer.listTopics(Duration.ofMillis(source.timeoutMs())).keySet().stream()
          .filter(t -> p.matcher(t).matches())
          .forEach(topics::add);
    }
    for (String topic : topics) {
      List<PartitionInfo> infos =
          consumer.partitionsFor(topic, Duration.ofMillis(source.timeoutMs()));
      infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
    }
    return partitions;
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }
}
