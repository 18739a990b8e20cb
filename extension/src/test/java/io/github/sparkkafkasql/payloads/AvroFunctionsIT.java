package io.github.sparkkafkasql.payloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Spark's own Avro SQL functions work in a session with the extension, over read_kafka. */
class AvroFunctionsIT extends SharedSparkIT {

  private static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"Order\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"amount\",\"type\":\"int\"}]}";

  @Test
  void toAvroAndFromAvroRoundTripKafkaValues() {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 5);
    Row row =
        spark
            .sql(
                "WITH orders AS (SELECT from_json(CAST(value AS STRING), 'id BIGINT, amount INT')"
                    + " AS o FROM read_kafka(bootstrapServers => '"
                    + kafka.bootstrapServers()
                    + "', subscribe => '"
                    + topic
                    + "')), encoded AS (SELECT to_avro(o, '"
                    + SCHEMA
                    + "') AS bytes FROM orders) SELECT sum(d.id), sum(d.amount) FROM (SELECT"
                    + " from_avro(bytes, '"
                    + SCHEMA
                    + "', map('mode', 'FAILFAST')) AS d FROM encoded)")
            .first();
    assertThat(row.getLong(0)).isEqualTo(10L);
    assertThat(row.getLong(1)).isEqualTo(0L + 1 + 2 + 3 + 4);
  }

  @Test
  void schemaOfAvroShowsTheCatalystType() {
    Row row = spark.sql("SELECT schema_of_avro('" + SCHEMA + "')").first();
    assertThat(row.getString(0)).isEqualTo("STRUCT<id: BIGINT NOT NULL, amount: INT NOT NULL>");
  }

  /**
   * An inline valueSchema reads dates the way from_avro does under
   * spark.sql.avro.datetimeRebaseModeInRead: a date before the Gregorian calendar's start differs
   * between LEGACY (rebased from the Julian calendar) and CORRECTED.
   */
  @Test
  void anInlineSchemaRebasesAncientDatesAsFromAvroDoes() {
    String schema =
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"d\","
            + "\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}}]}";
    String topic = TestTopics.create(kafka, 1);
    spark
        .sql("SELECT to_avro(named_struct('d', DATE'1000-01-01'), '" + schema + "') AS value")
        .write()
        .format("kafka")
        .option("kafka.bootstrap.servers", kafka.bootstrapServers())
        .option("topic", topic)
        .save();
    String from =
        " FROM read_kafka(bootstrapServers => '"
            + kafka.bootstrapServers()
            + "', subscribe => '"
            + topic
            + "'";
    String key = "spark.sql.avro.datetimeRebaseModeInRead";
    java.util.Map<String, String> read = new java.util.HashMap<>();
    try {
      for (String mode : java.util.List.of("LEGACY", "CORRECTED")) {
        spark.conf().set(key, mode);
        String ours =
            spark
                .sql(
                    "SELECT CAST(value.d AS STRING)"
                        + from
                        + ", valueFormat => 'avro', valueSchema => '"
                        + schema
                        + "')")
                .first()
                .getString(0);
        String sparks =
            spark
                .sql("SELECT CAST(from_avro(value, '" + schema + "').d AS STRING)" + from + ")")
                .first()
                .getString(0);
        assertThat(ours).as(mode).isEqualTo(sparks);
        read.put(mode, ours);
      }
    } finally {
      spark.conf().unset(key);
    }
    assertThat(read.get("LEGACY")).isNotEqualTo(read.get("CORRECTED"));
  }
}
