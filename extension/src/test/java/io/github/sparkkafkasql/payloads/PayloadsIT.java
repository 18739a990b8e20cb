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

  /**
   * Spark's from_json reads a value's first JSON document and ignores what follows, and reads an
   * empty value as NULL fields; from_avro stops where its schema's record ends. Each of these
   * values is a decode error instead, naming why; a tombstone (null value) stays a NULL value.
   */
  @Test
  void aValueThatIsNotExactlyOneDocumentOrRecordIsADecodeError() {
    String json = TestTopics.create(kafka, 1);
    produce(json, 0, null, "{\"id\":1}\n".getBytes(UTF_8));
    produce(json, 0, null, "{\"id\":2}{\"id\":3}".getBytes(UTF_8));
    produce(json, 0, null, "{\"id\":4} trailing".getBytes(UTF_8));
    produce(json, 0, null, new byte[0]);
    produce(json, 0, null, " \n".getBytes(UTF_8));
    produce(json, 0, null, null);
    produce(json, 0, null, "{\"id\":}".getBytes(UTF_8));
    List<Row> rows =
        spark
            .sql(
                "SELECT offset, value.id, _decode_error FROM "
                    + read(
                        json,
                        ", valueFormat => 'json', valueSchema => 'id BIGINT',"
                            + " onDecodeError => 'null'")
                    + " ORDER BY offset")
            .collectAsList();
    assertThat(rows).hasSize(7);
    assertThat(rows.get(0).toString()).isEqualTo("[0,1,null]");
    assertThat(rows.get(1).getString(2)).contains("offset 1", "text follows the first JSON value");
    assertThat(rows.get(2).getString(2)).contains("offset 2", "text follows the first JSON value");
    assertThat(rows.get(3).getString(2)).contains("offset 3", "the value is empty");
    assertThat(rows.get(4).getString(2)).contains("offset 4", "only white space");
    assertThat(rows.get(5).toString()).isEqualTo("[5,null,null]");
    assertThat(rows.get(6).getString(2)).contains("offset 6").doesNotContain("text follows");
    // Without onDecodeError, the first such record fails the query.
    assertThat(
            decodeError(
                    catchThrowable(
                        () ->
                            spark
                                .sql(
                                    "SELECT value FROM "
                                        + read(
                                            json,
                                            ", valueFormat => 'json', valueSchema => 'id BIGINT'"))
                                .collectAsList()))
                .getMessageParameters())
        .containsEntry("offset", "1");

    String avro = TestTopics.create(kafka, 1);
    Schema schema = new Schema.Parser().parse(ORDER);
    byte[] order = avro(schema, 1L, 10);
    byte[] twice = new byte[order.length * 2];
    System.arraycopy(order, 0, twice, 0, order.length);
    System.arraycopy(order, 0, twice, order.length, order.length);
    // Confluent's framing: magic byte 0, schema id 7, then the record.
    byte[] framed = new byte[order.length + 5];
    framed[4] = 7;
    System.arraycopy(order, 0, framed, 5, order.length);
    produce(avro, 0, null, order);
    produce(avro, 0, null, twice);
    produce(avro, 0, null, framed);
    List<Row> avroRows =
        spark
            .sql(
                "SELECT offset, value.id, _decode_error FROM "
                    + read(
                        avro,
                        ", valueFormat => 'avro', valueSchema => '"
                            + ORDER
                            + "', onDecodeError => 'null'")
                    + " ORDER BY offset")
            .collectAsList();
    assertThat(avroRows.get(0).toString()).isEqualTo("[0,1,null]");
    assertThat(avroRows.get(1).getString(2))
        .contains("offset 1", order.length + " bytes follow the Avro record");
    assertThat(avroRows.get(2).getString(2))
        .contains("offset 2", "schema id would be 7", "schemaRegistryAddress");
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

  /** Schemas and rescued-data columns that cannot work are refused naming the option. */
  @Test
  void schemasThatCannotBeReadAreRefusedUpFront() {
    String topic = TestTopics.create(kafka, 1);
    produce(topic, 0, null, "[1,2,3]".getBytes(UTF_8));
    produce(topic, 0, null, "{\"id\":1,\"extra\":2}".getBytes(UTF_8));
    String[][] cases = {
      // options, the option named, words of the problem
      {", valueFormat => 'json', valueSchema => 'INT'", "valueSchema", "plain INT"},
      {
        ", valueFormat => 'json', valueSchema => 'id INT, ID STRING'",
        "valueSchema",
        "declares `id` and `ID`"
      },
      {
        ", valueFormat => 'json', valueSchema => 'MAP<STRING,STRING>', rescuedDataColumn => '_r'",
        "rescuedDataColumn",
        "MAP<STRING, STRING>"
      },
      {
        ", valueFormat => 'json', valueSchema => 'id INT, _R STRING', rescuedDataColumn => '_r'",
        "rescuedDataColumn",
        "names a field of valueSchema"
      },
      {
        ", valueFormat => 'avro', valueSchema =>"
            + " '{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"r\","
            + "\"type\":[\"null\",\"R\"]}]}'",
        "valueSchema",
        "recursive"
      },
    };
    for (String[] c : cases) {
      AnalysisException e =
          catchThrowableOfType(
              AnalysisException.class,
              () -> spark.sql("SELECT value FROM " + read(topic, c[0])).collectAsList());
      assertThat(e).as(c[0]).isNotNull();
      assertThat(e.getCondition()).as(c[0]).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
      assertThat(e.getMessageParameters()).as(c[0]).containsEntry("option", c[1]);
      assertThat(e.getMessage()).as(c[0]).contains(c[2]);
    }

    // Inferred fields that differ only in case (in one record: across records Spark's inference
    // merges them) cannot be told apart in a query.
    String cases2 = TestTopics.create(kafka, 1);
    produce(cases2, 0, null, "{\"Name\":\"a\",\"name\":\"b\"}".getBytes(UTF_8));
    AnalysisException clash =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql("SELECT value FROM " + read(cases2, ", valueFormat => 'json'")));
    assertThat(clash.getCondition()).isEqualTo("KAFKA_SQL_JSON_SCHEMA_NOT_INFERRED");
    assertThat(clash.getMessage()).contains("differ only in case");

    // Values in Confluent's wire format read as JSON: the error points at the registry.
    String framed = TestTopics.create(kafka, 1);
    byte[] body = avro(new Schema.Parser().parse(ORDER), 1L, 10);
    produce(
        framed,
        0,
        null,
        java.nio.ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(42).put(body).array());
    AnalysisException registry =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql("SELECT value FROM " + read(framed, ", valueFormat => 'json'")));
    assertThat(registry.getCondition()).isEqualTo("KAFKA_SQL_JSON_SCHEMA_NOT_INFERRED");
    assertThat(registry.getMessage())
        .contains("schema id (42 in the first)", "valueFormat => 'avro' and schemaRegistryAddress");
    String words = TestTopics.create(kafka, 1);
    produce(words, 0, null, "hello".getBytes(UTF_8));
    AnalysisException text =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql("SELECT value FROM " + read(words, ", valueFormat => 'json'")));
    assertThat(text.getMessage()).contains("is a JSON object").doesNotContain("Confluent");

    // With rescued data, a value that is not an object gives Spark's reason, not a class name.
    List<Row> rows =
        spark
            .sql(
                "SELECT offset, _decode_error FROM "
                    + read(
                        topic,
                        ", valueFormat => 'json', valueSchema => 'id INT',"
                            + " rescuedDataColumn => '_r', onDecodeError => 'null'")
                    + " ORDER BY offset")
            .collectAsList();
    assertThat(rows.get(0).getString(1))
        .contains("offset 0")
        .doesNotContain("CannotParseJSONFieldException")
        .contains("MALFORMED_RECORD_IN_PARSING");
    assertThat(rows.get(1).isNullAt(1)).isTrue();
  }
}
