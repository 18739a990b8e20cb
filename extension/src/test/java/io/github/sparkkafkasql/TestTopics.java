package io.github.sparkkafkasql;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;

/** Unique topics and deterministic records for integration tests. */
public final class TestTopics {

  private TestTopics() {}

  public static String create(EmbeddedKafka kafka, int partitions) {
    return kafka.createUniqueTopic(partitions);
  }

  /**
   * Produces records {@code from} until {@code to} (exclusive): key "k<i>", value JSON with id i.
   */
  public static void produce(EmbeddedKafka kafka, String topic, int partitions, int from, int to) {
    kafka.produce(
        EmbeddedKafka.numberedRecords(
            topic, partitions, from, to, i -> "{\"id\":" + i + ",\"amount\":" + (i % 7) + "}"));
  }

  /** {@code STREAM read_kafka(…)} of {@code topic} from its earliest record, as SQL. */
  public static String streamFromEarliest(EmbeddedKafka kafka, String topic) {
    return ReadKafkaSql.of(kafka.bootstrapServers())
        .subscribe(topic)
        .option("startingOffsets", "earliest")
        .stream()
        .toString();
  }
}
