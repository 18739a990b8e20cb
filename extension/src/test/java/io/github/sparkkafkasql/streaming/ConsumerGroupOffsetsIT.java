package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * commitOffsets => true: the consumer group shows a streaming table's position and lag to Kafka's
 * own tools (here through Kafka's Admin API, what kafka-consumer-groups.sh --describe calls).
 */
class ConsumerGroupOffsetsIT extends SharedSparkIT {

  private static ReadKafkaSql read(String topic) {
    return ReadKafkaSql.of(kafka.bootstrapServers())
        .subscribe(topic)
        .option("startingOffsets", "earliest");
  }

  private static String committing(String topic, String group) {
    return read(topic)
        .option("commitOffsets", "true")
        .option("kafka.group.id", group)
        .option("maxOffsetsPerTrigger", 10)
        .stream()
        .sql();
  }

  /** The group's committed offsets, as kafka-consumer-groups.sh --describe shows them. */
  private static Map<String, Long> groupOffsets(String group) throws Exception {
    try (Admin admin = kafka.admin()) {
      return admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get()
          .entrySet()
          .stream()
          .collect(
              Collectors.toMap(
                  e -> e.getKey().toString(),
                  e -> e.getValue().offset(),
                  (a, b) -> a,
                  TreeMap::new));
    }
  }

  /** Records behind the end of the topic, summed over partitions: the group's lag. */
  private static long lag(String group, String topic, int partitions) throws Exception {
    Map<String, Long> committed = groupOffsets(group);
    long lag = 0;
    try (Admin admin = kafka.admin()) {
      for (int p = 0; p < partitions; p++) {
        TopicPartition tp = new TopicPartition(topic, p);
        long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
        lag += end - committed.getOrDefault(tp.toString(), 0L);
      }
    }
    return lag;
  }

  @Test
  void theGroupFollowsTheTableBatchByBatch() throws Exception {
    String topic = TestTopics.create(kafka, 3);
    String group = "cg-" + topic;
    TestTopics.produce(kafka, topic, 3, 0, 30);
    Row created =
        spark
            .sql(
                "CREATE STREAMING TABLE cg_orders AS SELECT offset FROM "
                    + committing(topic, group))
            .first();
    assertThat(created.getInt(created.fieldIndex("batches"))).isGreaterThan(1);
    assertThat(groupOffsets(group))
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of(topic + "-0", 10L, topic + "-1", 10L, topic + "-2", 10L)));
    assertThat(lag(group, topic, 3)).isZero();

    TestTopics.produce(kafka, topic, 3, 30, 45);
    assertThat(lag(group, topic, 3)).isEqualTo(15);
    spark.sql("REFRESH STREAMING TABLE cg_orders");
    assertThat(lag(group, topic, 3)).isZero();

    // FULL moves the group back with the table, then forward again as the reload commits.
    Row full = spark.sql("REFRESH STREAMING TABLE cg_orders FULL").first();
    assertThat(full.getLong(full.fieldIndex("rows_written"))).isEqualTo(45);
    assertThat(lag(group, topic, 3)).isZero();
    assertThat(spark.sql("SELECT count(*) FROM cg_orders").first().getLong(0)).isEqualTo(45);
  }

  @Test
  void aFailedGroupCommitIsReportedAndTheRefreshStillSucceeds() throws Exception {
    String topic = TestTopics.create(kafka, 1);
    String group = "cg-busy-" + topic;
    TestTopics.produce(kafka, topic, 1, 0, 5);
    spark.sql("CREATE STREAMING TABLE cg_busy AS SELECT offset FROM " + committing(topic, group));
    TestTopics.produce(kafka, topic, 1, 5, 8);
    // A live member of the group: Kafka refuses offset changes from outside while it is there.
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Row refreshed;
    try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(props)) {
      member.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (member.assignment().isEmpty() && System.nanoTime() < deadline) {
        member.poll(Duration.ofMillis(200));
      }
      assertThat(member.assignment()).isNotEmpty();
      refreshed = spark.sql("REFRESH STREAMING TABLE cg_busy").first();
    }
    assertThat(refreshed.getLong(refreshed.fieldIndex("rows_written"))).isEqualTo(3);
    assertThat(refreshed.getString(refreshed.fieldIndex("note")))
        .contains("consumer group `" + group + "`");
    Row logged =
        spark
            .sql(
                "SELECT status, group_commit_error FROM event_log(TABLE(cg_busy)) ORDER BY seq DESC"
                    + " LIMIT 1")
            .first();
    assertThat(logged.getString(0)).isEqualTo("SUCCEEDED");
    assertThat(logged.getString(1)).contains(group);
    assertThat(groupOffsets(group)).containsEntry(topic + "-0", 5L);
    // The next refresh reads nothing again, and brings the group up to date.
    Row next = spark.sql("REFRESH STREAMING TABLE cg_busy").first();
    assertThat(next.getLong(next.fieldIndex("rows_written"))).isZero();
    assertThat(next.isNullAt(next.fieldIndex("note"))).isTrue();
    assertThat(groupOffsets(group)).containsEntry(topic + "-0", 8L);
    assertThat(spark.sql("SELECT count(*) FROM cg_busy").first().getLong(0)).isEqualTo(8);
  }

  @Test
  void commitOffsetsNeedsAGroupAndAStreamingTable() {
    String topic = TestTopics.create(kafka, 1);
    AnalysisException noGroup =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "CREATE STREAMING TABLE cg_nogroup AS SELECT offset FROM "
                        + read(topic).option("commitOffsets", "true").stream().sql()));
    assertThat(noGroup.getCondition()).isEqualTo("KAFKA_SQL_MISSING_OPTION");
    assertThat(noGroup.getMessageParameters()).containsEntry("option", "kafka.group.id");
    AnalysisException batch =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark
                    .sql(
                        "SELECT * FROM "
                            + read(topic)
                                .option("commitOffsets", "true")
                                .option("kafka.group.id", "g")
                                .sql())
                    .collect());
    assertThat(batch.getCondition()).isEqualTo("KAFKA_SQL_OPTION_NOT_IN_SCOPE");
    assertThat(batch.getMessageParameters()).containsEntry("option", "commitOffsets");
  }
}
