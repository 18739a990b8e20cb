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
}
