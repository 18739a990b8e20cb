package io.github.sparkkafkasql.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** B4: one plain KafkaConsumer reading the whole topic in one thread, the practical limit here. */
final class RawConsumer {

  private RawConsumer() {}

  static final String NAME = "KafkaConsumer, 1 thread";

  /** Measures the consumer alone. */
  static List<Measurement> measure(Setup s) throws Exception {
    return Rounds.run(
        "B4", s.rounds(), s.records(), s.bytes(), "rows=" + s.records(), List.of(variant(s)));
  }

  /** The consumer as a variant, to interleave with B1's so that its rounds share their noise. */
  static Variant variant(Setup s) {
    return Variant.of(NAME, false, () -> readAll(s));
  }

  /** Reads every partition from the beginning to the end offsets taken at the start. */
  private static String readAll(Setup s) {
    // read_kafka's fetch wait: with Kafka's default (500 ms), close() waits for the fetch still in
    // flight, which adds half a second to every run.
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            s.bootstrap(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
            BatchReads.FETCH_MAX_WAIT_MS);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(s.topic()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long rows = 0;
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        // Nothing is written while it reads, so every record polled is below the end offsets.
        rows += consumer.poll(Duration.ofMillis(100)).count();
      }
      return "rows=" + rows;
    }
  }
}
