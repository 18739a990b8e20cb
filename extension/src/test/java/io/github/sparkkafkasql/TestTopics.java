package io.github.sparkkafkasql;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Unique topics and deterministic records for integration tests. */
public final class TestTopics {

  private TestTopics() {}

  public static String create(EmbeddedKafka kafka, int partitions) {
    String topic = "t_" + UUID.randomUUID().toString().replace("-", "");
    kafka.createTopic(topic, partitions);
    return topic;
  }

  /**
   * Produces records {@code from} until {@code to} (exclusive): key "k<i>", value JSON with id i.
   */
  public static void produce(EmbeddedKafka kafka, String topic, int partitions, int from, int to) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String value = "{\"id\":" + i + ",\"amount\":" + (i % 7) + "}";
      records.add(
          new ProducerRecord<>(
              topic,
              i % partitions,
              1_700_000_000_000L + i,
              ("k" + i).getBytes(UTF_8),
              value.getBytes(UTF_8)));
    }
    kafka.produce(records);
  }
}
