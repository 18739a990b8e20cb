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
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A streaming table stores the payload schema it was created with: JSON inferred once, a registry
 * version pinned; refreshes decode with it, rescued data keeps what it lacks, and CREATE OR REFRESH
 * grows it (and the table) without re-reading or losing a record.
 */
@ExtendWith(SchemaRegistryExtension.class)
class StoredSchemasIT extends SharedSparkIT {

  private static final String V2 =
      "{\"type\":\"record\",\"name\":\"Order\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"amount\",\"type\":\"int\"},"
          + "{\"name\":\"currency\",\"type\":\"string\",\"default\":\"EUR\"}]}";

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

  private static void produce(String topic, String... values) {
    for (String v : values) {
      kafka.produce(
          List.of(new ProducerRecord<>(topic, 0, null, v.getBytes(StandardCharsets.UTF_8))));
    }
  }

  private static void produce(String topic, byte[] value) {
    kafka.produce(List.of(new ProducerRecord<>(topic, 0, null, value)));
  }

  private static List<String> rows(String sql) {
    return spark.sql(sql).collectAsList().stream().map(Row::toString).toList();
  }

  private static String describe(String table, String row) {
    return spark.sql("DESCRIBE STREAMING TABLE " + table).collectAsList().stream()
        .filter(r -> r.getString(0).equals(row))
        .map(r -> r.getString(1))
        .findFirst()
        .orElse(null);
  }

  private static String columns(String table) {
    return spark.table(table).schema().toDDL();
  }

  @Test
  void jsonIsInferredOnceAtCreateAndRefreshesRescueWhatItLacks() {
    String topic = TestTopics.create(kafka, 1);
    produce(topic, "{\"id\":1,\"item\":\"apple\"}");
    spark.sql(
        "CREATE STREAMING TABLE inferred_orders AS SELECT value.*, offset FROM "
            + stream(topic, ", valueFormat => 'json'"));
    try {
      assertThat(columns("inferred_orders"))
          .isEqualTo("id BIGINT,item STRING,_rescued_data STRING,offset BIGINT");
      assertThat(describe("inferred_orders", "Value schema"))
          .startsWith("json STRUCT<id: BIGINT, item: STRING> (inferred at ")
          .endsWith("; fields not in it go to `_rescued_data`)");

      // Not inferred again: a new field and a value of another type are rescued, not lost.
      produce(topic, "{\"id\":2,\"item\":\"pear\",\"color\":\"red\"}", "{\"id\":\"three\"}");
      spark.sql("REFRESH STREAMING TABLE inferred_orders");
      assertThat(columns("inferred_orders"))
          .isEqualTo("id BIGINT,item STRING,_rescued_data STRING,offset BIGINT");
      assertThat(rows("SELECT * FROM inferred_orders ORDER BY offset"))
          .containsExactly(
              "[1,apple,null,0]",
              "[2,pear,{\"color\":\"red\"},1]",
              "[null,null,{\"id\":\"three\"},2]");
    } finally {
      spark.sql("DROP TABLE inferred_orders");
    }
  }

  @Test
  void createOrRefreshGrowsTheJsonSchemaAndNoRecordIsReadTwiceOrLost() {
    String topic = TestTopics.create(kafka, 1);
    produce(topic, "{\"id\":1,\"item\":\"apple\"}", "{\"id\":2,\"item\":\"pear\"}");
    String definition =
        "STREAMING TABLE grown AS SELECT value.*, offset FROM "
            + stream(topic, ", valueFormat => 'json'");
    spark.sql("CREATE " + definition);
    try {
      produce(topic, "{\"id\":3,\"item\":\"fig\",\"qty\":5}");
      spark.sql("REFRESH STREAMING TABLE grown");
      produce(topic, "{\"id\":4,\"item\":\"kiwi\",\"qty\":7}");

      // Inferred again from the newest records: qty is added; the record at offset 3, not yet
      // loaded, is loaded by this refresh with the grown schema.
      spark.sql("CREATE OR REFRESH " + definition);
      assertThat(columns("grown"))
          .isEqualTo("id BIGINT,item STRING,qty BIGINT,_rescued_data STRING,offset BIGINT");
      assertThat(rows("SELECT id, item, qty, _rescued_data, offset FROM grown ORDER BY offset"))
          .containsExactly(
              "[1,apple,null,null,0]",
              "[2,pear,null,null,1]",
              "[3,fig,null,{\"qty\":5},2]",
              "[4,kiwi,7,null,3]");
      assertThat(describe("grown", "Value schema"))
          .startsWith("json STRUCT<id: BIGINT, item: STRING, qty: BIGINT> (inferred at ");

      produce(topic, "{\"id\":5,\"item\":\"plum\",\"qty\":1}");
      spark.sql("REFRESH STREAMING TABLE grown");
      assertThat(rows("SELECT count(*), count(DISTINCT offset), max(offset) FROM grown"))
          .containsExactly("[5,5,4]");
    } finally {
      spark.sql("DROP TABLE grown");
    }
  }

  @Test
  void aRetypedJsonFieldIsRefusedNamingIt() {
    String topic = TestTopics.create(kafka, 1);
    produce(topic, "{\"id\":1}");
    String definition =
        "STREAMING TABLE retyped AS SELECT value.* FROM "
            + stream(topic, ", valueFormat => 'json'");
    spark.sql("CREATE " + definition);
    try {
      produce(topic, "{\"id\":\"x-2\"}");
      AnalysisException e =
          catchThrowableOfType(
              AnalysisException.class, () -> spark.sql("CREATE OR REFRESH " + definition));
      assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_PAYLOAD_SCHEMA_INCOMPATIBLE");
      assertThat(e.getMessageParameters())
          .containsEntry("column", "value")
          .containsEntry("field", "id")
          .containsEntry("change", "its type changes from BIGINT to STRING");
      assertThat(e.getMessageParameters().get("fix")).contains("valueSchema");
      assertThat(columns("retyped")).isEqualTo("id BIGINT,_rescued_data STRING");
      // The table is unchanged and keeps refreshing with its stored schema.
      spark.sql("REFRESH STREAMING TABLE retyped");
      assertThat(rows("SELECT * FROM retyped ORDER BY id"))
          .containsExactly("[null,{\"id\":\"x-2\"}]", "[1,null]");
    } finally {
      spark.sql("DROP TABLE retyped");
    }
  }

  @Test
  void aStreamReadOutsideAStreamingTableDoesNotInfer() {
    String topic = TestTopics.create(kafka, 1);
    produce(topic, "{\"id\":1}");
    SparkSession session = spark.newSession();
    session.conf().set("spark.kafkaSql.allowStreamingReads", "true");
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () -> session.sql("SELECT value FROM " + stream(topic, ", valueFormat => 'json'")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_PAYLOAD_SCHEMA_MISSING");
    assertThat(e.getMessageParameters().get("fix"))
        .contains("valueSchema")
        .contains("streaming table");
  }

  @Test
  void batchReadsRescueWhenAsked() {
    String topic = TestTopics.create(kafka, 1);
    produce(topic, "{\"id\":1,\"extra\":[1,2]}", "{\"id\":2}");
    assertThat(
            rows(
                "SELECT value.* FROM read_kafka(bootstrapServers => '"
                    + kafka.bootstrapServers()
                    + "', subscribe => '"
                    + topic
                    + "', valueFormat => 'json', valueSchema => 'id INT',"
                    + " rescuedDataColumn => 'leftovers') ORDER BY offset"))
        .containsExactly("[1,{\"extra\":[1,2]}]", "[2,null]");
  }

  @Test
  void registryVersionIsPinnedAtCreateAndGrownByCreateOrRefresh() {
    String topic = TestTopics.create(kafka, 1);
    int v1 = registry.register(topic + "-value", PayloadsIT.ORDER);
    Schema s1 = new Schema.Parser().parse(PayloadsIT.ORDER);
    produce(topic, framed(v1, PayloadsIT.avro(s1, 1L, 10)));
    String definition =
        "STREAMING TABLE pinned AS SELECT value.*, offset FROM "
            + stream(
                topic,
                ", valueFormat => 'avro', schemaRegistryAddress => '" + registry.address() + "'");
    spark.sql("CREATE " + definition);
    try {
      int v2 = registry.register(topic + "-value", V2);
      Schema s2 = new Schema.Parser().parse(V2);
      produce(topic, framed(v2, PayloadsIT.avro(s2, 2L, 20, "USD")));
      // A newer version is not picked up by REFRESH: the v2 record is read with version 1.
      spark.sql("REFRESH STREAMING TABLE pinned");
      assertThat(columns("pinned")).isEqualTo("id BIGINT,amount INT,offset BIGINT");
      assertThat(describe("pinned", "Value schema"))
          .contains("registry subject '" + topic + "-value' version 1 (schema id " + v1 + ")");

      produce(topic, framed(v2, PayloadsIT.avro(s2, 3L, 30, "CHF")));
      spark.sql("CREATE OR REFRESH " + definition);
      assertThat(describe("pinned", "Value schema")).contains("version 2 (schema id " + v2 + ")");
      assertThat(rows("SELECT * FROM pinned ORDER BY offset"))
          .containsExactly("[1,10,null,0]", "[2,20,null,1]", "[3,30,CHF,2]");
    } finally {
      spark.sql("DROP TABLE pinned");
    }
  }

  @Test
  void aRegistryVersionThatDropsAFieldIsRefused() {
    String topic = TestTopics.create(kafka, 1);
    int v1 = registry.register(topic + "-value", PayloadsIT.ORDER);
    Schema s1 = new Schema.Parser().parse(PayloadsIT.ORDER);
    produce(topic, framed(v1, PayloadsIT.avro(s1, 1L, 10)));
    String definition =
        "STREAMING TABLE shrunk AS SELECT value.id FROM "
            + stream(
                topic,
                ", valueFormat => 'avro', schemaRegistryAddress => '" + registry.address() + "'");
    spark.sql("CREATE " + definition);
    try {
      registry.register(
          topic + "-value",
          "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}");
      AnalysisException e =
          catchThrowableOfType(
              AnalysisException.class, () -> spark.sql("CREATE OR REFRESH " + definition));
      assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_PAYLOAD_SCHEMA_INCOMPATIBLE");
      assertThat(e.getMessageParameters())
          .containsEntry("field", "amount")
          .containsEntry("change", "version 2 does not have it")
          .containsEntry("fix", "valueSchemaVersion => 1 (the version the table has stored)");
    } finally {
      spark.sql("DROP TABLE shrunk");
    }
  }

  /** Confluent's wire format: magic byte 0, the schema id (big-endian), Avro binary. */
  private static byte[] framed(int id, byte[] avro) {
    return ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(id).put(avro).array();
  }
}
