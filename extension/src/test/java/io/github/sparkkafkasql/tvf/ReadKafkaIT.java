package io.github.sparkkafkasql.tvf;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ReadKafkaIT extends SharedSparkIT {

  private static String topicWith(int partitions, int records) {
    String topic = "t-" + UUID.randomUUID();
    kafka.createTopic(topic, partitions);
    List<ProducerRecord<byte[], byte[]>> rs = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      ProducerRecord<byte[], byte[]> r =
          new ProducerRecord<>(
              topic,
              i % partitions,
              1_700_000_000_000L + i,
              ("k" + i).getBytes(UTF_8),
              ("v" + i).getBytes(UTF_8));
      r.headers().add(new RecordHeader("h", ("x" + i).getBytes(UTF_8)));
      rs.add(r);
    }
    kafka.produce(rs);
    return topic;
  }

  private static ReadKafkaSql call(String topic) {
    return ReadKafkaSql.of(kafka.bootstrapServers()).subscribe(topic);
  }

  @Test
  void readsEveryRecordWithSparksSchema() {
    String topic = topicWith(3, 30);
    var df = spark.sql("SELECT * FROM " + call(topic));
    assertThat(df.schema().simpleString())
        .isEqualTo(
            "struct<key:binary,value:binary,topic:string,partition:int,offset:bigint,"
                + "timestamp:timestamp,timestampType:int>");
    List<Row> rows =
        spark
            .sql(
                "SELECT CAST(key AS STRING), CAST(value AS STRING), partition, offset FROM "
                    + call(topic)
                    + " ORDER BY partition, offset")
            .collectAsList();
    assertThat(rows).hasSize(30);
    assertThat(rows.get(0).getString(0)).isEqualTo("k0");
    assertThat(rows.get(0).getString(1)).isEqualTo("v0");
  }

  @Test
  void headersAndDottedKafkaOptions() {
    String topic = topicWith(1, 3);
    List<Row> rows =
        spark
            .sql(
                "SELECT CAST(headers[0].value AS STRING) FROM "
                    + call(topic)
                        .optionSql("includeHeaders", "true")
                        .optionSql("kafka.client.id", "concat('a', 'b')")
                    + " ORDER BY offset")
            .collectAsList();
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("x0", "x1", "x2");
  }

  @Test
  void unreachableBrokerFailsFastNamingTheAddress() {
    long start = System.nanoTime();
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql("SELECT * FROM " + ReadKafkaSql.of("127.0.0.1:1").subscribe("t")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_BROKER_UNREACHABLE");
    assertThat(e.getMessage()).contains("127.0.0.1:1").contains("connection refused");
    assertThat(System.nanoTime() - start).isLessThan(30_000_000_000L);
  }

  /**
   * An address copied from a broker's {@code listeners} keeps its prefix; Kafka's client ignores
   * it, and so do the checks before it (they said "unknown host").
   */
  @Test
  void aListenerPrefixOnTheAddressIsReadAsKafkaReadsIt() {
    String topic = topicWith(2, 20);
    assertThat(
            spark
                .sql(
                    "SELECT count(*) FROM "
                        + ReadKafkaSql.of("PLAINTEXT://" + kafka.bootstrapServers())
                            .subscribe(topic))
                .first()
                .getLong(0))
        .isEqualTo(20L);
  }

  /**
   * JSON offsets outside a partition's records fail before any job, naming the partition and its
   * bounds: Spark's tasks would wait for records past the end and report them lost, or fail on
   * deleted ones. (Offsets past the end are also in the golden file errors.sql.)
   */
  @Test
  void offsetsBelowTheFirstRetainedOneFailUnlessLossIsAllowed() {
    String topic = topicWith(2, 20);
    kafka.deleteRecordsBefore(new TopicPartition(topic, 0), 4);
    String starts = "{\"" + topic + "\":{\"0\":1,\"1\":0}}";
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql("SELECT count(*) FROM " + call(topic).option("startingOffsets", starts)));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_OFFSET_OUT_OF_RANGE");
    assertThat(e.getMessageParameters().get("problems"))
        .isEqualTo("`" + topic + "-0` at 1, below its first retained offset 4");
    assertThat(e.getMessage()).contains("failOnDataLoss => false", "-2");

    // Allowed: Spark starts the partition at its first retained offset.
    long count =
        spark
            .sql(
                "SELECT count(*) FROM "
                    + call(topic)
                        .option("startingOffsets", starts)
                        .option("failOnDataLoss", "false"))
            .first()
            .getLong(0);
    assertThat(count).isEqualTo(16);

    String ends = "{\"" + topic + "\":{\"0\":10,\"1\":11}}";
    AnalysisException past =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql("SELECT count(*) FROM " + call(topic).option("endingOffsets", ends)));
    assertThat(past.getMessageParameters())
        .containsEntry("option", "endingOffsets")
        .containsEntry("problems", "`" + topic + "-1` at 11, past its end offset 10");
    // With failOnDataLoss => false Spark reads what there is: the 6 + 10 records.
    assertThat(
            spark
                .sql(
                    "SELECT count(*) FROM "
                        + call(topic)
                            .option("startingOffsets", starts)
                            .option("endingOffsets", ends)
                            .option("failOnDataLoss", "false"))
                .first()
                .getLong(0))
        .isEqualTo(16);
  }

  @Test
  void aControllersAddressIsToldFromABrokers() {
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "SELECT * FROM " + ReadKafkaSql.of(kafka.controllerAddress()).subscribe("t")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_NOT_A_BROKER");
    assertThat(e.getMessage()).contains(kafka.controllerAddress(), "controller", "9092");
  }

  @Test
  void missingTopicIsNamed() {
    String topic = topicWith(1, 1);
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("SELECT * FROM " + call(topic + "x")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_TOPIC_NOT_FOUND");
    assertThat(e.getMessageParameters().get("topics")).isEqualTo("`" + topic + "x`");
    assertThat(e.getMessage()).contains("Did you mean `" + topic + "`");
  }

  @Test
  void kafkaClientSettingsKafkaWouldRefuseAreNamedBeforeAnyClientStarts() {
    String topic = topicWith(1, 1);
    for (String[] setting :
        new String[][] {
          {"kafka.security.protocol", "PLAINTEXTX", "'PLAINTEXTX'"},
          {"kafka.max.poll.records", "lots", "'lots'"}
        }) {
      AnalysisException e =
          catchThrowableOfType(
              AnalysisException.class,
              () ->
                  spark.sql(
                      "SELECT * FROM " + call(topic).option(setting[0], setting[1]).toString()));
      assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
      assertThat(e.getMessageParameters())
          .containsEntry("option", setting[0])
          .containsEntry("value", setting[2]);
    }
  }

  @Test
  void offsetsPerPartitionMustNameExactlyTheReadsPartitions() {
    String topic = topicWith(2, 2);
    AnalysisException missing =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "SELECT * FROM "
                        + call(topic)
                            .option("startingOffsets", "{\"" + topic + "\":{\"0\":0}}")
                            .toString()));
    assertThat(missing.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
    assertThat(missing.getMessageParameters().get("problem"))
        .startsWith("leaves out " + topic + "-1;");
    AnalysisException extra =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "SELECT * FROM "
                        + call(topic)
                            .option(
                                "endingOffsets", "{\"" + topic + "\":{\"0\":-1,\"1\":-1,\"9\":-1}}")
                            .toString()));
    assertThat(extra.getMessageParameters()).containsEntry("option", "endingOffsets");
    assertThat(extra.getMessageParameters().get("problem"))
        .startsWith("names " + topic + "-9, which this read does not cover");
    // Every partition named: the read runs.
    assertThat(
            spark
                .sql(
                    "SELECT count(*) FROM "
                        + call(topic)
                            .option("startingOffsets", "{\"" + topic + "\":{\"0\":-2,\"1\":-2}}")
                            .toString())
                .first()
                .getLong(0))
        .isEqualTo(2);
  }
}
