package io.github.sparkkafkasql.payloads;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** keyFormat / valueFormat string, json with a DDL schema, avro with an inline schema. */
class PayloadsIT extends SharedSparkIT {

  static final String ORDER =
      "{\"type\":\"record\",\"name\":\"Order\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"amount\",\"type\":\"int\"}]}";

  private static String read(String topic, String extra) {
    return "read_kafka(bootstrapServers => '"
        + kafka.bootstrapServers()
        + "', subscribe => '"
        + topic
        + "'"
        + extra
        + ")";
  }

  private static void produce(String topic, int partition, byte[] key, byte[] value) {
    kafka.produce(List.of(new ProducerRecord<>(topic, partition, key, value)));
  }

  /** Avro binary of one record, without any header. */
  static byte[] avro(Schema schema, Object... fieldValues) {
    GenericRecord r = new GenericData.Record(schema);
    for (int i = 0; i < fieldValues.length; i++) {
      r.put(i, fieldValues[i]);
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(schema).write(r, enc);
      enc.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The decode error at the bottom of a failed query, with its condition. */
  static SparkThrowable decodeError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SparkThrowable s
          && "KAFKA_SQL_RECORD_DECODE_FAILED".equals(s.getCondition())) {
        return s;
      }
    }
    throw new AssertionError("no KAFKA_SQL_RECORD_DECODE_FAILED in", t);
  }

  @Test
  void stringAndJsonColumnsKeepTheirNames() {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 6);
    var df =
        spark.sql(
            "SELECT * FROM "
                + read(
                    topic,
                    ", keyFormat => 'string', valueFormat => 'json',"
                        + " valueSchema => 'id BIGINT, amount INT'"));
    assertThat(df.schema().simpleString())
        .isEqualTo(
            "struct<key:string,value:struct<id:bigint,amount:int>,topic:string,partition:int,"
                + "offset:bigint,timestamp:timestamp,timestampType:int>");
    List<Row> rows =
        spark
            .sql(
                "SELECT key, value.id, value.amount FROM "
                    + read(
                        topic,
                        ", keyFormat => 'string', valueFormat => 'json',"
                            + " valueSchema => 'id BIGINT, amount INT'")
                    + " WHERE value.amount > 2 ORDER BY value.id")
            .collectAsList();
    assertThat(rows).extracting(Row::toString).containsExactly("[k3,3,3]", "[k4,4,4]", "[k5,5,5]");
  }

  @Test
  void jsonOfTheWrongShapeFailsNamingTheRecord() {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 4);
    produce(topic, 1, null, "{\"id\":\"seven\",\"amount\":1}".getBytes(UTF_8));
    Throwable t =
        catchThrowable(
            () ->
                spark
                    .sql(
                        "SELECT value.id FROM "
                            + read(topic, ", valueFormat => 'json', valueSchema => 'id BIGINT'"))
                    .collectAsList());
    SparkThrowable e = decodeError(t);
    assertThat(e.getMessageParameters())
        .containsEntry("column", "value")
        .containsEntry("format", "json")
        .containsEntry("topic", topic)
        .containsEntry("partition", "1")
        .containsEntry("offset", "2")
        .containsEntry("schemaId", "");
    assertThat(e.getSqlState()).isEqualTo("22000");
    assertThat(t).hasMessageContaining("partition 1, offset 2");
  }

  @Test
  void avroWithAnInlineSchema() {
    String topic = TestTopics.create(kafka, 1);
    Schema schema = new Schema.Parser().parse(ORDER);
    produce(topic, 0, null, avro(schema, 1L, 10));
    produce(topic, 0, null, avro(schema, 2L, 20));
    List<Row> rows =
        spark
            .sql(
                "SELECT value.id, value.amount, offset FROM "
                    + read(topic, ", valueFormat => 'avro', valueSchema => '" + ORDER + "'")
                    + " ORDER BY offset")
            .collectAsList();
    assertThat(rows).extracting(Row::toString).containsExactly("[1,10,0]", "[2,20,1]");
  }

  @Test
  void truncatedAvroFailsNamingTheRecord() {
    String topic = TestTopics.create(kafka, 1);
    Schema schema = new Schema.Parser().parse(ORDER);
    produce(topic, 0, null, avro(schema, 1L, 10));
    produce(topic, 0, null, new byte[] {2});
    Throwable t =
        catchThrowable(
            () ->
                spark
                    .sql(
                        "SELECT value FROM "
                            + read(
                                topic, ", valueFormat => 'avro', valueSchema => '" + ORDER + "'"))
                    .collectAsList());
    SparkThrowable e = decodeError(t);
    assertThat(e.getMessageParameters())
        .containsEntry("format", "avro")
        .containsEntry("topic", topic)
        .containsEntry("partition", "0")
        .containsEntry("offset", "1");
  }

  @Test
  void optionErrors() {
    String topic = TestTopics.create(kafka, 1);
    AnalysisException missing =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql("SELECT * FROM " + read(topic, ", valueFormat => 'avro'")));
    assertThat(missing.getCondition()).isEqualTo("KAFKA_SQL_PAYLOAD_SCHEMA_MISSING");
    assertThat(missing.getMessageParameters()).containsEntry("formatOption", "valueFormat");

    AnalysisException unused =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql("SELECT * FROM " + read(topic, ", keySchema => 'id INT'")));
    assertThat(unused.getCondition()).isEqualTo("KAFKA_SQL_PAYLOAD_OPTION_NEEDS_FORMAT");
    assertThat(unused.getMessageParameters())
        .containsEntry("option", "keySchema")
        .containsEntry("format", "binary");

    AnalysisException badDdl =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "SELECT * FROM "
                        + read(topic, ", valueFormat => 'json', valueSchema => 'id BIGINTT'")));
    assertThat(badDdl.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
    assertThat(badDdl.getMessageParameters()).containsEntry("option", "valueSchema");

    AnalysisException badAvro =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "SELECT * FROM "
                        + read(topic, ", valueFormat => 'avro', valueSchema => '{\"type\":1}'")));
    assertThat(badAvro.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");

    AnalysisException badFormat =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql("SELECT * FROM " + read(topic, ", valueFormat => 'protobuf'")));
    assertThat(badFormat.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
  }
}
