package io.github.sparkkafkasql.payloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * {@code onDecodeError}: NULL and an error column in batch reads, a dead-letter table for streaming
 * tables (exactly once, also when a batch is replayed), and ON VIOLATION QUARANTINE.
 */
class DecodeErrorsIT extends SharedSparkIT {

  private static final String SCHEMA = "id INT, item STRING";

  private static String read(String topic, String extra) {
    return "read_kafka(bootstrapServers => '"
        + kafka.bootstrapServers()
        + "', subscribe => '"
        + topic
        + "', valueFormat => 'json', valueSchema => '"
        + SCHEMA
        + "'"
        + extra
        + ")";
  }

  private static String stream(String topic, String extra) {
    return "STREAM " + read(topic, ", startingOffsets => 'earliest'" + extra);
  }

  private static void produce(String topic, String key, String... values) {
    for (String v : values) {
      kafka.produce(
          List.of(
              new ProducerRecord<>(
                  topic,
                  0,
                  key.getBytes(StandardCharsets.UTF_8),
                  v.getBytes(StandardCharsets.UTF_8))));
    }
  }

  private static List<String> rows(String sql) {
    return spark.sql(sql).collectAsList().stream().map(Row::toString).toList();
  }

  @Test
  void batchReadWithNullGivesNullAndTheErrorInsteadOfFailing() {
    String topic = TestTopics.create(kafka, 1);
    produce(topic, "k", "{\"id\":1,\"item\":\"apple\"}", "not json", "{\"id\":\"x\"}");
    List<Row> rows =
        spark
            .sql(
                "SELECT offset, value, _decode_error FROM "
                    + read(topic, ", onDecodeError => 'null'")
                    + " ORDER BY offset")
            .collectAsList();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get(1).toString()).isEqualTo("[1,apple]");
    assertThat(rows.get(0).isNullAt(2)).isTrue();
    for (int i = 1; i < 3; i++) {
      assertThat(rows.get(i).isNullAt(1)).isTrue();
      assertThat(rows.get(i).getString(2))
          .startsWith("[KAFKA_SQL_RECORD_DECODE_FAILED]")
          .contains("topic '" + topic + "', partition 0, offset " + i);
    }
  }

  @Test
  void nullIsRefusedInAStreamingTableAndQuarantineInABatchRead() {
    String topic = TestTopics.create(kafka, 1);
    AnalysisException streaming =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "CREATE STREAMING TABLE null_mode AS SELECT value FROM "
                        + stream(topic, ", onDecodeError => 'null'")));
    assertThat(streaming.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
    assertThat(streaming.getMessageParameters())
        .containsEntry("option", "onDecodeError")
        .containsEntry("value", "'null'");
    assertThat(streaming.getMessage()).contains("onDecodeError => 'quarantine'");
    assertThat(spark.catalog().tableExists("null_mode")).isFalse();

    AnalysisException batch =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql("SELECT * FROM " + read(topic, ", onDecodeError => 'quarantine'")));
    assertThat(batch.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
    assertThat(batch.getMessageParameters()).containsEntry("value", "'quarantine'");
    assertThat(batch.getMessage()).contains("onDecodeError => 'null'");
  }

  @Test
  void quarantineKeepsGoingAndWritesEachUndecodableRecordOnceEvenWhenABatchIsReplayed()
      throws IOException {
    String topic = TestTopics.create(kafka, 1);
    produce(topic, "a", "{\"id\":1,\"item\":\"apple\"}", "not json", "{\"id\":3,\"item\":\"fig\"}");
    // The filter judges decoded rows; records that do not decode pass it to the dead-letter table.
    Row created =
        spark
            .sql(
                "CREATE STREAMING TABLE q_orders AS SELECT value.id, value.item FROM "
                    + stream(topic, ", onDecodeError => 'quarantine'")
                    + " WHERE value.id > 0")
            .first();
    try {
      assertThat(created.<Long>getAs("rows_written")).isEqualTo(2);
      assertThat(created.<Long>getAs("records_quarantined")).isEqualTo(1);
      assertThat(rows("SELECT id, item FROM q_orders ORDER BY id"))
          .containsExactly("[1,apple]", "[3,fig]");
      assertThat(
              rows(
                  "SELECT topic, partition, offset, timestamp IS NOT NULL, CAST(key AS STRING),"
                      + " CAST(value AS STRING), error_condition, refresh_id IS NOT NULL,"
                      + " refresh_time IS NOT NULL, expectation, row FROM q_orders_quarantine"))
          .containsExactly(
              "["
                  + topic
                  + ",0,1,true,a,not json,KAFKA_SQL_RECORD_DECODE_FAILED,true,true,null,null]");
      assertThat(spark.sql("SELECT error_message FROM q_orders_quarantine").first().getString(0))
          .contains("offset 1");

      // (A value of the wrong type would be rescued, not quarantined: this one is cut short.)
      produce(topic, "b", "{\"id\":4,\"item\":\"kiwi\"}", "{\"id\":5,");
      Row refreshed = spark.sql("REFRESH STREAMING TABLE q_orders").first();
      assertThat(refreshed.<Long>getAs("rows_written")).isEqualTo(1);
      assertThat(refreshed.<Long>getAs("records_quarantined")).isEqualTo(1);
      assertThat(rows("SELECT offset FROM q_orders_quarantine ORDER BY offset"))
          .containsExactly("[1]", "[4]");

      // A crash after the batch's writes and before its checkpoint commit: the next refresh runs
      // the batch again (it reports it), and neither table takes its rows a second time.
      Path checkpoint =
          Path.of(
              new org.apache.hadoop.fs.Path(describe("q_orders", "State location"))
                  .toUri()
                  .getPath(),
              "checkpoint-0");
      Path commits = checkpoint.resolve("commits");
      long last;
      try (Stream<Path> files = Files.list(commits)) {
        last =
            files
                .map(f -> f.getFileName().toString())
                .filter(n -> n.matches("\\d+"))
                .mapToLong(Long::parseLong)
                .max()
                .orElseThrow();
      }
      Files.delete(commits.resolve(String.valueOf(last)));
      Files.deleteIfExists(commits.resolve("." + last + ".crc"));
      Row replayed = spark.sql("REFRESH STREAMING TABLE q_orders").first();
      assertThat(replayed.<Integer>getAs("batches")).isEqualTo(1);
      assertThat(replayed.<Long>getAs("records_quarantined")).isEqualTo(1);
      assertThat(rows("SELECT id FROM q_orders ORDER BY id")).containsExactly("[1]", "[3]", "[4]");
      assertThat(rows("SELECT offset FROM q_orders_quarantine ORDER BY offset"))
          .containsExactly("[1]", "[4]");

      assertThat(describe("q_orders", "Quarantine table")).endsWith("q_orders_quarantine");
      assertThat(describe("q_orders", "Last refresh records quarantined")).isEqualTo("1");
    } finally {
      spark.sql("DROP TABLE q_orders");
    }
    // The dead-letter table belongs to the streaming table: it goes with it.
    assertThat(spark.catalog().tableExists("q_orders_quarantine")).isFalse();
  }

  @Test
  void expectationOnViolationQuarantineSendsTheRowToTheSameTable() {
    String topic = TestTopics.create(kafka, 1);
    produce(
        topic,
        "k",
        "{\"id\":1,\"item\":\"apple\"}",
        "{\"id\":-2,\"item\":\"pear\"}",
        "oops",
        "{\"id\":-3,\"item\":\"fig\"}",
        "{\"id\":4,\"item\":null}");
    Row created =
        spark
            .sql(
                "CREATE STREAMING TABLE q_expect (CONSTRAINT positive EXPECT (id > 0) ON VIOLATION"
                    + " QUARANTINE, CONSTRAINT named EXPECT (item IS NOT NULL) ON VIOLATION DROP"
                    + " ROW) AS SELECT value.id, value.item FROM "
                    + stream(
                        topic, ", onDecodeError => 'quarantine', quarantineTable => 'rejects'"))
            .first();
    try {
      assertThat(created.<Long>getAs("rows_written")).isEqualTo(1);
      assertThat(created.<Long>getAs("rows_dropped")).isEqualTo(1);
      assertThat(created.<Long>getAs("records_quarantined")).isEqualTo(1);
      assertThat(created.<Long>getAs("rows_quarantined")).isEqualTo(2);
      assertThat(created.<String>getAs("expectation_violations"))
          .isEqualTo("{\"positive\":2,\"named\":1}");
      assertThat(rows("SELECT * FROM q_expect")).containsExactly("[1,apple]");
      assertThat(
              rows(
                  "SELECT offset, error_condition, expectation, row FROM rejects"
                      + " ORDER BY offset NULLS LAST, row"))
          .containsExactly(
              "[2,KAFKA_SQL_RECORD_DECODE_FAILED,null,null]",
              "[null,null,positive,{\"id\":-2,\"item\":\"pear\"}]",
              "[null,null,positive,{\"id\":-3,\"item\":\"fig\"}]");
      assertThat(describe("q_expect", "Expectation"))
          .isEqualTo("CONSTRAINT `positive` EXPECT (id > 0) ON VIOLATION QUARANTINE");
    } finally {
      spark.sql("DROP TABLE q_expect");
    }
    assertThat(spark.catalog().tableExists("rejects")).isFalse();
  }

  @Test
  void quarantineNeedsAQueryTheRecordsCanPassAndItsOwnTableName() {
    String topic = TestTopics.create(kafka, 1);
    AnalysisException aggregate =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "CREATE STREAMING TABLE q_agg AS SELECT DISTINCT value.id FROM "
                        + stream(topic, ", onDecodeError => 'quarantine'")));
    assertThat(aggregate.getCondition()).isEqualTo("KAFKA_SQL_QUARANTINE_UNSUPPORTED_QUERY");
    assertThat(spark.catalog().tableExists("q_agg")).isFalse();

    spark.sql("CREATE TABLE q_taken_quarantine (x INT) USING delta");
    try {
      AnalysisException taken =
          catchThrowableOfType(
              AnalysisException.class,
              () ->
                  spark.sql(
                      "CREATE STREAMING TABLE q_taken AS SELECT value.id FROM "
                          + stream(topic, ", onDecodeError => 'quarantine'")));
      assertThat(taken.getCondition()).isEqualTo("KAFKA_SQL_QUARANTINE_TABLE_TAKEN");
      assertThat(taken.getMessageParameters().get("quarantine")).endsWith("`q_taken_quarantine`");
      // Refused before the table is created, not by its first refresh.
      assertThat(spark.catalog().tableExists("q_taken")).isFalse();
      // Nor may it be the streaming table's own name.
      AnalysisException own =
          catchThrowableOfType(
              AnalysisException.class,
              () ->
                  spark.sql(
                      "CREATE STREAMING TABLE q_self AS SELECT value.id FROM "
                          + stream(
                              topic,
                              ", onDecodeError => 'quarantine', quarantineTable => 'Q_SELF'")));
      assertThat(own.getCondition()).isEqualTo("KAFKA_SQL_QUARANTINE_TABLE_TAKEN");
      assertThat(spark.catalog().tableExists("q_self")).isFalse();
    } finally {
      spark.sql("DROP TABLE IF EXISTS q_taken");
      spark.sql("DROP TABLE q_taken_quarantine");
    }
  }

  @Test
  void aRenamedTableKeepsItsDeadLetterTableAndANewTableOfTheOldNameDoesNotGetIt() {
    String topic = TestTopics.create(kafka, 1);
    produce(topic, "a", "{\"id\":1}", "bad one");
    spark.sql(
        "CREATE STREAMING TABLE q_ren AS SELECT value.id FROM "
            + stream(topic, ", onDecodeError => 'quarantine'"));
    try {
      spark.sql("ALTER TABLE q_ren RENAME TO q_ren2");
      produce(topic, "b", "{\"id\":2}", "bad two");
      Row refreshed = spark.sql("REFRESH STREAMING TABLE q_ren2").first();
      assertThat(refreshed.<Long>getAs("records_quarantined")).isEqualTo(1);
      assertThat(rows("SELECT CAST(value AS STRING) FROM q_ren_quarantine ORDER BY offset"))
          .containsExactly("[bad one]", "[bad two]");
      assertThat(spark.catalog().tableExists("q_ren2_quarantine")).isFalse();
      assertThat(
              spark
                  .sql("SHOW TBLPROPERTIES q_ren_quarantine ('kafkasql.quarantineOf')")
                  .first()
                  .getString(1))
          .endsWith("q_ren2");
      assertThat(describe("q_ren2", "Quarantine table")).endsWith("q_ren_quarantine");

      // The old name is free for a new table, but its dead-letter table is still the other's.
      AnalysisException taken =
          catchThrowableOfType(
              AnalysisException.class,
              () ->
                  spark.sql(
                      "CREATE STREAMING TABLE q_ren AS SELECT value.id FROM "
                          + stream(topic, ", onDecodeError => 'quarantine'")));
      assertThat(taken.getCondition()).isEqualTo("KAFKA_SQL_QUARANTINE_TABLE_TAKEN");
      assertThat(spark.catalog().tableExists("q_ren")).isFalse();
    } finally {
      spark.sql("DROP TABLE IF EXISTS q_ren");
      spark.sql("DROP TABLE IF EXISTS q_ren2");
    }
    assertThat(spark.catalog().tableExists("q_ren_quarantine")).isFalse();
  }

  private static String describe(String table, String key) {
    for (Row r : spark.sql("DESCRIBE STREAMING TABLE " + table).collectAsList()) {
      if (r.getString(0).equals(key)) {
        return r.getString(1);
      }
    }
    throw new AssertionError("DESCRIBE STREAMING TABLE has no " + key);
  }

  /** A value that does not convert to a declared column's type names the column. */
  @Test
  void aCastIntoADeclaredColumnThatFailsNamesTheColumn() {
    String topic = TestTopics.create(kafka, 1);
    produce(topic, "k", "{\"id\":1,\"item\":\"pear\"}");
    Throwable t =
        catchThrowable(
            () ->
                spark.sql(
                    "CREATE STREAMING TABLE cast_fails (item INT) AS SELECT value.item FROM "
                        + stream(topic, "")));
    try {
      assertThat(t).isNotNull();
      assertThat(t.getMessage())
          .contains("CAST_INVALID_INPUT", "CAST(`item` AS INT)")
          .doesNotContain("DefinitionPlan");
    } finally {
      spark.sql("DROP TABLE IF EXISTS cast_fails");
    }
  }
}
