package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Every refresh, successful or not, appends one entry to the table's refresh history. */
class RefreshHistoryIT extends SharedSparkIT {

  private static String source(String topic) {
    return ReadKafkaSql.of(kafka.bootstrapServers())
        .subscribe(topic)
        .option("startingOffsets", "earliest")
        .stream()
        .sql();
  }

  private static List<JsonNode> history(String table) {
    return RefreshHistory.of(spark, StreamingTables.loadStreamingTable(spark, List.of(table)))
        .all();
  }

  /** A refresh that fails in its second batch counts the first, which stays in the table. */
  @Test
  void aFailedRefreshCountsTheBatchesItCommitted() {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 20);
    AnalysisException failed =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "CREATE STREAMING TABLE hist_partial (CONSTRAINT small EXPECT (id < 15) ON"
                        + " VIOLATION FAIL UPDATE) AS SELECT CAST(value::string:id AS INT) AS id FROM "
                        + ReadKafkaSql.of(kafka.bootstrapServers())
                            .subscribe(topic)
                            .option("startingOffsets", "earliest")
                            .option("maxOffsetsPerTrigger", 10)
                            .stream()
                            .sql()));
    assertThat(failed.getCondition()).isEqualTo("KAFKA_SQL_EXPECTATION_FAILED");
    assertThat(spark.sql("SELECT count(*) FROM hist_partial").first().getLong(0)).isEqualTo(10);

    JsonNode entry = history("hist_partial").get(0);
    assertThat(entry.get("status").asText()).isEqualTo("FAILED");
    assertThat(entry.get("rows_written").asLong()).isEqualTo(10);
    assertThat(entry.get("batches").asInt()).isEqualTo(1);
    assertThat(entry.get("end_offsets").asText()).contains("\"" + topic + "\"");
    assertThat(entry.get("error_condition").asText()).isEqualTo("KAFKA_SQL_EXPECTATION_FAILED");
    spark.sql("DROP TABLE hist_partial");
  }

  @Test
  void recordsEachRefreshWithItsCountsOffsetsAndErrors() {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 10);
    spark.sql(
        "CREATE STREAMING TABLE hist (CONSTRAINT small EXPECT (id < 100) ON VIOLATION FAIL UPDATE)"
            + " AS SELECT CAST(value::string:id AS INT) AS id FROM "
            + source(topic));
    TestTopics.produce(kafka, topic, 2, 10, 15);
    spark.sql("REFRESH STREAMING TABLE hist");
    spark.sql("REFRESH STREAMING TABLE hist");
    TestTopics.produce(kafka, topic, 2, 100, 101);
    AnalysisException failed =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE hist"));
    assertThat(failed.getCondition()).isEqualTo("KAFKA_SQL_EXPECTATION_FAILED");

    List<JsonNode> h = history("hist");
    assertThat(h).extracting(e -> e.get("seq").asLong()).containsExactly(0L, 1L, 2L, 3L);
    assertThat(h)
        .extracting(e -> e.get("status").asText())
        .containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "FAILED");
    assertThat(h).extracting(e -> e.get("trigger").asText()).containsOnly("MANUAL");
    assertThat(h)
        .extracting(e -> e.path("rows_written").asLong(-1))
        .containsExactly(10L, 5L, 0L, -1L);
    JsonNode second = h.get(1);
    assertThat(second.get("batches").asInt()).isEqualTo(1);
    assertThat(second.get("start_offsets").asText())
        .isEqualTo(h.get(0).get("end_offsets").asText());
    assertThat(second.get("end_offsets").asText()).contains("\"" + topic + "\"");
    assertThat(second.get("rows_dropped").asLong()).isZero();
    assertThat(second.get("rows_quarantined").asLong()).isZero();
    assertThat(second.get("expectation_violations").asText()).isEqualTo("{\"small\":0}");
    assertThat(second.get("duration_ms").asLong()).isPositive();
    assertThat(second.get("started_at").asText())
        .isLessThanOrEqualTo(second.get("finished_at").asText());
    // A no-op refresh reports where the table stands.
    assertThat(h.get(2).get("end_offsets").asText()).isEqualTo(second.get("end_offsets").asText());
    JsonNode last = h.get(3);
    assertThat(last.get("error_condition").asText()).isEqualTo("KAFKA_SQL_EXPECTATION_FAILED");
    assertThat(last.get("error_message").asText()).contains("small");
    assertThat(last.get("finished_at").isNull()).isFalse();

    // The same in SQL, in Databricks' form and with a name.
    List<Row> log =
        spark
            .sql("SELECT seq, status, rows_written, error_condition FROM event_log(TABLE(hist))")
            .collectAsList();
    assertThat(log)
        .extracting(Row::toString)
        .containsExactly(
            "[0,SUCCEEDED,10,null]",
            "[1,SUCCEEDED,5,null]",
            "[2,SUCCEEDED,0,null]",
            "[3,FAILED,null,KAFKA_SQL_EXPECTATION_FAILED]");
    assertThat(spark.sql("SELECT * FROM event_log('default.hist')").collectAsList()).hasSize(4);
    assertThat(
            spark
                .sql("SELECT started_at <= finished_at FROM event_log('hist')")
                .first()
                .getBoolean(0))
        .isTrue();
    // DESCRIBE reads the last entry; no refresh commits a table property any more.
    assertThat(describe("hist", "Last refresh status")).isEqualTo("FAILED");
    assertThat(describe("hist", "Last refresh error condition"))
        .isEqualTo("KAFKA_SQL_EXPECTATION_FAILED");
    assertThat(StreamingTables.loadStreamingTable(spark, List.of("hist")).properties())
        .doesNotContainKey("kafkasql.lastRefresh");
  }

  @Test
  void eventLogNamesWhatItTakes() {
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("SELECT * FROM event_log(1, 2)").collect());
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_EVENT_LOG_ARGUMENT");
    assertThat(e.getMessageParameters()).containsEntry("got", "2 arguments");
    spark.sql("CREATE TABLE plain_for_log (id INT) USING delta");
    AnalysisException plain =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql("SELECT * FROM event_log(TABLE(plain_for_log))").collect());
    assertThat(plain.getCondition()).isEqualTo("KAFKA_SQL_NOT_A_STREAMING_TABLE");
  }

  @Test
  void aTableRefreshedBeforeTheHistoryExistedShowsItsLastRefreshProperty() throws Exception {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 3);
    spark.sql("CREATE STREAMING TABLE hist_old AS SELECT offset FROM " + source(topic));
    StoredTable t = StreamingTables.loadStreamingTable(spark, List.of("hist_old"));
    StateFiles.delete(spark, t.stateLocation() + "/history");
    StreamingTables.setProperties(
        spark,
        t,
        Map.of(
            "kafkasql.lastRefresh",
            "{\"status\":\"SUCCEEDED\",\"rows_written\":3,\"end_offsets\":\"{\\\""
                + topic
                + "\\\":{\\\"0\\\":3}}\"}"));
    assertThat(describe("hist_old", "Last refresh rows written")).isEqualTo("3");
    assertThat(spark.sql("SELECT * FROM event_log(TABLE(hist_old))").collectAsList()).isEmpty();
    // A no-op refresh takes its offsets from the property, then starts the history.
    Row noop = spark.sql("REFRESH STREAMING TABLE hist_old").first();
    assertThat(noop.getString(noop.fieldIndex("end_offsets")))
        .isEqualTo("{\"" + topic + "\":{\"0\":3}}");
    assertThat(describe("hist_old", "Last refresh rows written")).isEqualTo("0");
  }

  private static String describe(String table, String key) {
    return spark.sql("DESCRIBE STREAMING TABLE " + table).collectAsList().stream()
        .filter(r -> r.getString(0).equals(key))
        .map(r -> r.getString(1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + key));
  }

  @Test
  void keepsOnlyTheRetainedNumberOfRefreshes() {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 3);
    spark.sql("CREATE STREAMING TABLE hist_retained AS SELECT offset FROM " + source(topic));
    spark.conf().set("spark.kafkaSql.history.retention", "2");
    try {
      for (int i = 0; i < 3; i++) {
        spark.sql("REFRESH STREAMING TABLE hist_retained");
      }
    } finally {
      spark.conf().unset("spark.kafkaSql.history.retention");
    }
    assertThat(history("hist_retained"))
        .extracting(e -> e.get("seq").asLong())
        .containsExactly(2L, 3L);

    // An invalid retention fails a refresh before it starts, and a CREATE before the table
    // exists, instead of leaving a history entry RUNNING.
    spark.conf().set("spark.kafkaSql.history.retention", "0");
    try {
      for (String statement :
          List.of(
              "REFRESH STREAMING TABLE hist_retained",
              "CREATE STREAMING TABLE hist_zero AS SELECT offset FROM " + source(topic))) {
        AnalysisException e =
            catchThrowableOfType(AnalysisException.class, () -> spark.sql(statement));
        assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_INVALID_SETTING");
      }
    } finally {
      spark.conf().unset("spark.kafkaSql.history.retention");
    }
    assertThat(spark.catalog().tableExists("hist_zero")).isFalse();
    assertThat(history("hist_retained"))
        .extracting(e -> e.get("seq").asLong())
        .containsExactly(2L, 3L);
  }
}
