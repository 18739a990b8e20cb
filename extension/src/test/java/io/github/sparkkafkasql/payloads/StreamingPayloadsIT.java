package io.github.sparkkafkasql.payloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.embedded.SchemaRegistry;
import io.github.sparkkafkasql.embedded.SchemaRegistryExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Streaming tables over decoded payloads: JSON with a declared schema, Avro through a registry. */
@ExtendWith(SchemaRegistryExtension.class)
class StreamingPayloadsIT extends SharedSparkIT {

  private static SchemaRegistry registry;

  @BeforeAll
  static void registry(SchemaRegistry r) {
    registry = r;
  }

  private static String stream(String topic, String extra) {
    return "STREAM read_kafka(bootstrapServers => '"
        + kafka.bootstrapServers()
        + "', subscribe => '"
        + topic
        + "', startingOffsets => 'earliest'"
        + extra
        + ")";
  }

  private static void produce(String topic, byte[]... values) {
    for (byte[] v : values) {
      kafka.produce(List.of(new ProducerRecord<>(topic, 0, null, v)));
    }
  }

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static long count(String table) {
    return spark.sql("SELECT count(*) FROM " + table).first().getLong(0);
  }

  @Test
  void jsonTableLoadsAndARecordThatDoesNotDecodeFailsEveryRefreshNamingIt() {
    String topic = TestTopics.create(kafka, 1);
    produce(topic, json("{\"id\":1,\"item\":\"apple\"}"), json("{\"id\":2,\"item\":\"pear\"}"));
    String definition =
        "STREAMING TABLE json_orders AS SELECT value.id, value.item, offset FROM "
            + stream(topic, ", valueFormat => 'json', valueSchema => 'id INT, item STRING'");
    spark.sql("CREATE " + definition);
    try {
      assertThat(spark.sql("SELECT id, item FROM json_orders ORDER BY id").collectAsList())
          .extracting(Row::toString)
          .containsExactly("[1,apple]", "[2,pear]");

      produce(topic, json("{\"id\":3,\"item\":\"fig\"}"), json("not json"), json("{\"id\":5}"));
      for (int attempt = 0; attempt < 2; attempt++) {
        // The bad record stays where it is: every refresh stops at it and commits nothing.
        AnalysisException e =
            catchThrowableOfType(
                AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE json_orders"));
        assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_RECORD_DECODE_FAILED");
        assertThat(e.getMessageParameters())
            .containsEntry("column", "value")
            .containsEntry("format", "json")
            .containsEntry("topic", topic)
            .containsEntry("partition", "0")
            .containsEntry("offset", "3");
        assertThat(e.getMessage()).contains("offset 3");
        assertThat(count("json_orders")).isEqualTo(2);
      }

      // The documented way past it: a filter on partition and offset, applied before decoding.
      spark.sql("CREATE OR REFRESH " + definition + " WHERE NOT (partition = 0 AND offset = 3)");
      assertThat(spark.sql("SELECT id FROM json_orders ORDER BY id").collectAsList())
          .extracting(Row::toString)
          .containsExactly("[1]", "[2]", "[3]", "[5]");
    } finally {
      spark.sql("DROP TABLE json_orders");
    }
  }

  @Test
  void jsonWithoutSchemaOnAnEmptyTopicCreatesNoTable() {
    String topic = TestTopics.create(kafka, 1);
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "CREATE STREAMING TABLE inferred AS SELECT value FROM "
                        + stream(topic, ", valueFormat => 'json'")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_JSON_SCHEMA_NOT_INFERRED");
    assertThat(e.getMessageParameters())
        .containsEntry("column", "value")
        .containsEntry("schemaOption", "valueSchema");
    assertThat(spark.catalog().tableExists("inferred")).isFalse();

    // Records without keys: the message says so, not that there are no records.
    kafka.produce(
        java.util.List.of(
            new org.apache.kafka.clients.producer.ProducerRecord<>(
                topic, null, "{\"id\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    AnalysisException keys =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "SELECT key FROM "
                        + stream(topic, ", keyFormat => 'json'").substring("STREAM ".length())));
    assertThat(keys.getCondition()).isEqualTo("KAFKA_SQL_JSON_SCHEMA_NOT_INFERRED");
    assertThat(keys.getMessageParameters())
        .containsEntry("column", "key")
        .containsEntry("schemaOption", "keySchema")
        .containsEntry("reason", "the newest 1 record has no key (it is NULL)");
  }

  @Test
  void registryAvroTableLoadsDecodedRows() {
    String topic = TestTopics.create(kafka, 1);
    int id = registry.register(topic + "-value", PayloadsIT.ORDER);
    Schema schema = new Schema.Parser().parse(PayloadsIT.ORDER);
    produce(topic, framed(id, PayloadsIT.avro(schema, 1L, 10)));
    String source =
        stream(
            topic,
            ", valueFormat => 'avro', schemaRegistryAddress => '" + registry.address() + "'");
    spark.sql("CREATE STREAMING TABLE avro_orders AS SELECT value.* FROM " + source);
    try {
      produce(topic, framed(id, PayloadsIT.avro(schema, 2L, 20)));
      spark.sql("REFRESH STREAMING TABLE avro_orders");
      assertThat(spark.sql("SELECT * FROM avro_orders ORDER BY id").collectAsList())
          .extracting(Row::toString)
          .containsExactly("[1,10]", "[2,20]");
    } finally {
      spark.sql("DROP TABLE avro_orders");
    }
  }

  private static final String NESTED_V1 =
      "{\"type\":\"record\",\"name\":\"Order\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"long\"},"
          + "{\"name\":\"lines\",\"type\":{\"type\":\"array\",\"items\":{\"type\":\"record\","
          + "\"name\":\"Line\",\"fields\":[{\"name\":\"sku\",\"type\":\"string\"}]}}},"
          + "{\"name\":\"ship\",\"type\":{\"type\":\"record\",\"name\":\"Ship\","
          + "\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}}]}";

  /** Version 2: the nested city becomes optional, and a map of arrays is added. */
  private static final String NESTED_V2 =
      NESTED_V1
          .replace(
              "{\"name\":\"city\",\"type\":\"string\"}",
              "{\"name\":\"city\",\"type\":[\"null\",\"string\"],\"default\":null}")
          .replaceFirst(
              "\\]\\}$",
              ",{\"name\":\"attrs\",\"type\":{\"type\":\"map\",\"values\":"
                  + "{\"type\":\"array\",\"items\":\"string\"}},\"default\":{}}]}");

  /**
   * Avro's non-null array items, map values and nested fields arrive as NOT NULL types; the table
   * declares them nullable, as CREATE TABLE AS SELECT does (Delta refuses NOT NULL inside an array
   * or a map), so such a table is created, and grows when a later version makes a nested field
   * optional and adds a map.
   */
  @Test
  void registryAvroWithArraysOfRecordsAndMapsLoadsAndEvolves() {
    String topic = TestTopics.create(kafka, 1);
    Schema v1 = new Schema.Parser().parse(NESTED_V1);
    int id1 = registry.register(topic + "-value", NESTED_V1);
    Schema line = v1.getField("lines").schema().getElementType();
    Schema ship = v1.getField("ship").schema();
    produce(
        topic,
        framed(
            id1,
            PayloadsIT.avro(
                v1, 1L, List.of(record(line, "a"), record(line, "b")), record(ship, "Oslo"))));
    String source =
        stream(
            topic,
            ", valueFormat => 'avro', schemaRegistryAddress => '" + registry.address() + "'");
    String create =
        "CREATE OR REFRESH STREAMING TABLE avro_nested AS SELECT value.* FROM " + source;
    spark.sql(create);
    try {
      assertThat(spark.sql("SELECT * FROM avro_nested").collectAsList())
          .extracting(Row::toString)
          .containsExactly("[1,ArraySeq([a], [b]),[Oslo]]");

      Schema v2 = new Schema.Parser().parse(NESTED_V2);
      int id2 = registry.register(topic + "-value", NESTED_V2);
      Schema ship2 = v2.getField("ship").schema();
      produce(
          topic,
          framed(
              id2,
              PayloadsIT.avro(
                  v2,
                  2L,
                  List.of(record(v2.getField("lines").schema().getElementType(), "c")),
                  record(ship2, null),
                  java.util.Map.of("tags", List.of("x", "y")))));
      spark.sql(create);
      assertThat(spark.sql("SELECT * FROM avro_nested ORDER BY id").collectAsList())
          .extracting(Row::toString)
          .containsExactly(
              "[1,ArraySeq([a], [b]),[Oslo],null]",
              "[2,ArraySeq([c]),[null],Map(tags -> ArraySeq(x, y))]");
    } finally {
      spark.sql("DROP TABLE avro_nested");
    }
  }

  private static org.apache.avro.generic.GenericRecord record(Schema schema, Object value) {
    org.apache.avro.generic.GenericRecord r =
        new org.apache.avro.generic.GenericData.Record(schema);
    r.put(0, value);
    return r;
  }

  /** Confluent's wire format: magic byte 0, the schema id (big-endian), Avro binary. */
  private static byte[] framed(int id, byte[] avro) {
    return ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(id).put(avro).array();
  }
}
