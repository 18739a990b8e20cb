package io.github.sparkkafkasql.payloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.embedded.SchemaRegistry;
import io.github.sparkkafkasql.embedded.SchemaRegistryExtension;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** valueFormat => 'avro' with a real Confluent-compatible registry (Apicurio, own process). */
@ExtendWith(SchemaRegistryExtension.class)
class RegistryAvroIT extends SharedSparkIT {

  private static final String V1 = PayloadsIT.ORDER;
  private static final String V2 =
      "{\"type\":\"record\",\"name\":\"Order\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"amount\",\"type\":\"int\"},"
          + "{\"name\":\"currency\",\"type\":\"string\",\"default\":\"EUR\"}]}";

  private static SchemaRegistry registry;

  @BeforeAll
  static void registry(SchemaRegistry r) {
    registry = r;
  }

  /** Confluent's wire format: magic byte 0, the schema id (big-endian), Avro binary. */
  private static byte[] framed(int id, byte[] avro) {
    return ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(id).put(avro).array();
  }

  private static void produce(String topic, byte[] value) {
    kafka.produce(List.of(new ProducerRecord<>(topic, 0, null, value)));
  }

  private static String read(String topic, String extra) {
    return "read_kafka(bootstrapServers => '"
        + kafka.bootstrapServers()
        + "', subscribe => '"
        + topic
        + "', valueFormat => 'avro', schemaRegistryAddress => '"
        + registry.address()
        + "'"
        + extra
        + ")";
  }

  @Test
  void evolvedTopicReadsAsOneTableWithTheLatestSchema() {
    String topic = TestTopics.create(kafka, 1);
    int v1 = registry.register(topic + "-value", V1);
    Schema s1 = new Schema.Parser().parse(V1);
    produce(topic, framed(v1, PayloadsIT.avro(s1, 1L, 10)));
    int v2 = registry.register(topic + "-value", V2);
    Schema s2 = new Schema.Parser().parse(V2);
    produce(topic, framed(v2, PayloadsIT.avro(s2, 2L, 20, "USD")));

    List<Row> rows =
        spark
            .sql(
                "SELECT value.id, value.amount, value.currency, offset FROM "
                    + read(topic, "")
                    + " ORDER BY offset")
            .collectAsList();
    assertThat(rows).extracting(Row::toString).containsExactly("[1,10,EUR,0]", "[2,20,USD,1]");

    // Pinned to version 1, the v2 record is read with v1's fields.
    List<Row> pinned =
        spark
            .sql("SELECT value.* FROM " + read(topic, ", valueSchemaVersion => 1"))
            .collectAsList();
    assertThat(pinned).extracting(Row::toString).containsExactlyInAnyOrder("[1,10]", "[2,20]");
  }

  @Test
  void theDecoderRunsInWholeStageCodeGeneration() {
    String topic = TestTopics.create(kafka, 1);
    int v1 = registry.register(topic + "-value", V1);
    Schema s1 = new Schema.Parser().parse(V1);
    for (long i = 1; i <= 3; i++) {
      produce(topic, framed(v1, PayloadsIT.avro(s1, i, (int) i * 10)));
    }
    var query =
        (org.apache.spark.sql.classic.Dataset<Row>)
            spark.sql("SELECT count(*), sum(value.amount) FROM " + read(topic, ""));

    assertThat(query.collectAsList()).extracting(Row::toString).containsExactly("[3,60]");
    // "*(n) Project": the decoding projection is compiled with the aggregation, not evaluated
    // row by row after a copy of every decoded record (a CodegenFallback expression would do that).
    assertThat(query.queryExecution().executedPlan().toString())
        .containsPattern("\\*\\(\\d+\\) Project \\[decode_value\\(from_registry_avro");
  }

  @Test
  void keySchemaVersionPinsTheKeysReaderSchema() {
    String topic = TestTopics.create(kafka, 1);
    registry.register(topic + "-key", V1);
    int v2 = registry.register(topic + "-key", V2);
    Schema s2 = new Schema.Parser().parse(V2);
    kafka.produce(
        List.of(
            new ProducerRecord<>(topic, 0, framed(v2, PayloadsIT.avro(s2, 7L, 70, "USD")), null)));
    String read =
        "SELECT key.* FROM read_kafka(bootstrapServers => '"
            + kafka.bootstrapServers()
            + "', subscribe => '"
            + topic
            + "', keyFormat => 'avro', schemaRegistryAddress => '"
            + registry.address()
            + "'";
    assertThat(spark.sql(read + ")").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[7,70,USD]");
    assertThat(spark.sql(read + ", keySchemaVersion => 1)").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[7,70]");
  }

  @Test
  void unknownSchemaIdAndWrongMagicByteNameTheRecord() {
    String topic = TestTopics.create(kafka, 1);
    int id = registry.register(topic + "-value", V1);
    Schema s1 = new Schema.Parser().parse(V1);
    produce(topic, framed(id, PayloadsIT.avro(s1, 1L, 10)));
    produce(topic, framed(987_654, PayloadsIT.avro(s1, 2L, 20)));
    SparkThrowable unknown =
        PayloadsIT.decodeError(
            catchThrowable(
                () -> spark.sql("SELECT value FROM " + read(topic, "")).collectAsList()));
    assertThat(unknown.getMessageParameters())
        .containsEntry("topic", topic)
        .containsEntry("partition", "0")
        .containsEntry("offset", "1")
        .containsEntry("schemaId", " (schema id 987654)");
    assertThat(unknown.getMessageParameters().get("reason")).contains("unknown");

    String plain = TestTopics.create(kafka, 1);
    registry.register(plain + "-value", V1);
    produce(plain, PayloadsIT.avro(s1, 1L, 10));
    SparkThrowable magic =
        PayloadsIT.decodeError(
            catchThrowable(
                () -> spark.sql("SELECT value FROM " + read(plain, "")).collectAsList()));
    assertThat(magic.getMessageParameters())
        .containsEntry("offset", "0")
        .containsEntry("schemaId", "");
    assertThat(magic.getMessageParameters().get("reason")).contains("magic byte");
  }

  @Test
  void withNullEachRegistryDecodeErrorIsAnErrorColumnNamingTheRecord() {
    String topic = TestTopics.create(kafka, 1);
    int id = registry.register(topic + "-value", V1);
    Schema s1 = new Schema.Parser().parse(V1);
    byte[] good = PayloadsIT.avro(s1, 1L, 10);
    produce(topic, framed(id, good));
    produce(topic, framed(987_654, good));
    produce(topic, good);
    produce(topic, framed(id, java.util.Arrays.copyOf(good, 1)));
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 2);
    produce(topic, framed(id, trailing));
    List<Row> rows =
        spark
            .sql(
                "SELECT offset, value, _decode_error FROM "
                    + read(topic, ", onDecodeError => 'null'")
                    + " ORDER BY offset")
            .collectAsList();
    assertThat(rows.get(0).get(1).toString()).isEqualTo("[1,10]");
    assertThat(rows.get(0).isNullAt(2)).isTrue();
    assertThat(rows.subList(1, 5)).allSatisfy(r -> assertThat(r.isNullAt(1)).isTrue());
    assertThat(rows.get(1).getString(2))
        .startsWith("[KAFKA_SQL_RECORD_DECODE_FAILED]")
        .contains("offset 1", "schema id 987654", "unknown");
    assertThat(rows.get(2).getString(2)).contains("offset 2", "magic byte");
    assertThat(rows.get(3).getString(2)).contains("offset 3", "schema id " + id, "truncated");
    assertThat(rows.get(4).getString(2)).contains("offset 4", "schema id " + id, "2 bytes follow");
  }

  @Test
  void schemaReferencesAreResolvedForTheReaderAndTheWriterSchema() {
    String topic = TestTopics.create(kafka, 1);
    String money =
        "{\"type\":\"record\",\"name\":\"Money\",\"namespace\":\"com.acme\",\"fields\":["
            + "{\"name\":\"units\",\"type\":\"long\"},{\"name\":\"currency\",\"type\":\"string\"}]}";
    String order =
        "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"com.acme\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"price\",\"type\":\"com.acme.Money\"}]}";
    // Money is registered under a subject of its own; Order refers to it (Confluent's schema
    // references), so neither the subject's version nor the id's schema parses alone.
    registry.register(topic + "-money", money);
    int id =
        registry.registerRequest(
            topic + "-value",
            "{\"schema\":"
                + SchemaRegistry.jsonString(order)
                + ",\"references\":[{\"name\":\"com.acme.Money\",\"subject\":\""
                + topic
                + "-money\",\"version\":1}]}");
    Schema.Parser parser = new Schema.Parser();
    Schema moneySchema = parser.parse(money);
    Schema orderSchema = parser.parse(order);
    GenericRecord price = new GenericData.Record(moneySchema);
    price.put("units", 1250L);
    price.put("currency", "EUR");
    produce(topic, framed(id, PayloadsIT.avro(orderSchema, 7L, price)));

    List<Row> rows =
        spark
            .sql("SELECT value.id, value.price.units, value.price.currency FROM " + read(topic, ""))
            .collectAsList();
    assertThat(rows).extracting(Row::toString).containsExactly("[7,1250,EUR]");
  }

  @Test
  void aSubjectOrAnIdOfAnotherSchemaTypeIsNamed() {
    String topic = TestTopics.create(kafka, 1);
    int protoId =
        registry.registerRequest(
            topic + "-value",
            "{\"schemaType\":\"PROTOBUF\",\"schema\":"
                + SchemaRegistry.jsonString("syntax = \"proto3\"; message M { int64 id = 1; }")
                + "}");
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("SELECT * FROM " + read(topic, "")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SCHEMA_NOT_AVRO");
    assertThat(e.getMessageParameters())
        .containsEntry("subject", topic + "-value")
        .containsEntry("schemaType", "PROTOBUF")
        .containsEntry("subjectOption", "valueSubject");
    assertThat(e.getMessage()).contains("from_json(CAST(substring(value, 6) AS STRING)");

    // A record framed with that id, read through an Avro subject: a decode error naming it.
    String avroSubject = topic + "-avro";
    registry.register(avroSubject, V1);
    produce(topic, framed(protoId, new byte[] {2}));
    SparkThrowable wrongType =
        PayloadsIT.decodeError(
            catchThrowable(
                () ->
                    spark
                        .sql(
                            "SELECT value FROM "
                                + read(topic, ", valueSubject => '" + avroSubject + "'"))
                        .collectAsList()));
    assertThat(wrongType.getMessageParameters())
        .containsEntry("offset", "0")
        .containsEntry("schemaId", " (schema id " + protoId + ")");
    assertThat(wrongType.getMessageParameters().get("reason"))
        .contains("PROTOBUF schema, not Avro");
  }

  /** A recursive subject is named with its version, not blamed on an option the user never gave. */
  @Test
  void aRecursiveSubjectIsNamed() {
    String topic = TestTopics.create(kafka, 1);
    registry.register(
        topic + "-value",
        "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"v\",\"type\":\"int\"},"
            + "{\"name\":\"next\",\"type\":[\"null\",\"Node\"],\"default\":null}]}");
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("SELECT * FROM " + read(topic, "")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SCHEMA_WITHOUT_SPARK_TYPE");
    assertThat(e.getMessageParameters())
        .containsEntry("subject", topic + "-value")
        .containsEntry("version", "1")
        .containsEntry("formatOption", "valueFormat");
    assertThat(e.getMessage()).contains("is recursive").contains("valueFormat` => 'binary'");
  }

  @Test
  void unknownSubjectSuggestsTheClosest() {
    String topic = TestTopics.create(kafka, 1);
    registry.register(topic + "-value", V1);
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "SELECT * FROM " + read(topic, ", valueSubject => '" + topic + "-valu'")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SCHEMA_SUBJECT_NOT_FOUND");
    assertThat(e.getMessageParameters()).containsEntry("subject", topic + "-valu");
    assertThat(e.getMessage()).contains("Did you mean `" + topic + "-value`");
  }

  @Test
  void severalTopicsNeedASubject() {
    String a = TestTopics.create(kafka, 1);
    String b = TestTopics.create(kafka, 1);
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("SELECT * FROM " + read(a + "," + b, "")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SCHEMA_SUBJECT_AMBIGUOUS");
    assertThat(e.getMessageParameters()).containsEntry("subjectOption", "valueSubject");
  }

  @Test
  void ofSeveralRegistryAddressesOneThatCannotBeReachedIsSkipped() {
    String topic = TestTopics.create(kafka, 1);
    int id = registry.register(topic + "-value", V1);
    produce(topic, framed(id, PayloadsIT.avro(new Schema.Parser().parse(V1), 1L, 10)));
    String dead = "http://127.0.0.1:1/apis/ccompat/v7";
    String read =
        "read_kafka(bootstrapServers => '"
            + kafka.bootstrapServers()
            + "', subscribe => '"
            + topic
            + "', valueFormat => 'avro', schemaRegistryAddress => '%s')";

    List<Row> rows =
        spark
            .sql(
                "SELECT value.id, value.amount FROM "
                    + String.format(read, dead + ", " + registry.address()))
            .collectAsList();
    assertThat(rows).extracting(Row::toString).containsExactly("[1,10]");

    AnalysisException none =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql("SELECT * FROM " + String.format(read, dead + ",http://127.0.0.1:2")));
    assertThat(none.getCondition()).isEqualTo("KAFKA_SQL_SCHEMA_REGISTRY_UNREACHABLE");
    assertThat(none.getMessageParameters().get("reason"))
        .contains(dead + ": connection refused", "http://127.0.0.1:2: connection refused");

    AnalysisException bad =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql("SELECT * FROM " + String.format(read, dead + ",registry:8081")));
    assertThat(bad.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
    assertThat(bad.getMessageParameters().get("problem")).contains("'registry:8081'");
  }

  @Test
  void unreachableRegistryFailsFastNamingTheAddress() {
    String topic = TestTopics.create(kafka, 1);
    long start = System.nanoTime();
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "SELECT * FROM read_kafka(bootstrapServers => '"
                        + kafka.bootstrapServers()
                        + "', subscribe => '"
                        + topic
                        + "', valueFormat => 'avro', schemaRegistryAddress =>"
                        + " 'http://127.0.0.1:1/apis/ccompat/v7')"));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SCHEMA_REGISTRY_UNREACHABLE");
    assertThat(e.getMessageParameters())
        .containsEntry("address", "http://127.0.0.1:1/apis/ccompat/v7")
        .containsEntry("reason", "connection refused");
    assertThat(System.nanoTime() - start).isLessThan(30_000_000_000L);
  }
}
