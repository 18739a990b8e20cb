package io.github.sparkkafkasql.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.Await;
import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.SparkTestSessions;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class StreamingTableIT extends SharedSparkIT {

  /** The definitions here inject faults with functions of this session. */
  @org.junit.jupiter.api.BeforeAll
  static void allowSessionFunctions() {
    spark.conf().set(KafkaSqlConf.ALLOW_TEMPORARY_FUNCTIONS.key(), "true");
  }

  private static String source(String topic) {
    return ReadKafkaSql.of(kafka.bootstrapServers())
        .subscribe(topic)
        .option("startingOffsets", "earliest")
        .stream()
        .sql();
  }

  private static long count(String table) {
    return spark.sql("SELECT count(*) FROM " + table).first().getLong(0);
  }

  private static long distinctIds(String table) {
    return spark.sql("SELECT count(DISTINCT id) FROM " + table).first().getLong(0);
  }

  /**
   * The names of the streaming queries the Spark UI learns of while it is registered, and the sinks
   * their batches' progress names.
   */
  private static final class QueryNames extends SparkListener {
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> sinks = new CopyOnWriteArrayList<>();

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
      if (event instanceof StreamingQueryListener.QueryStartedEvent e) {
        started.add(e.name());
      } else if (event instanceof StreamingQueryListener.QueryProgressEvent e
          && e.progress().numInputRows() > 0) {
        sinks.add(e.progress().sink().description().replaceAll("\\[.*", ""));
      }
    }
  }

  /** Runs {@code body} with {@code names} on Spark's listener bus. */
  private static void listening(QueryNames names, Body body) throws Exception {
    spark.sparkContext().addSparkListener(names);
    try {
      body.run();
    } finally {
      spark.sparkContext().removeSparkListener(names);
    }
  }

  @FunctionalInterface
  private interface Body {
    void run() throws Exception;
  }

  /** The sinks of the first {@code n} batches {@code names} saw, once they are on the bus. */
  private static List<String> sinks(QueryNames names, int n) throws Exception {
    Await.until(
        "the batches' progress on the listener bus",
        Duration.ofSeconds(30),
        () -> names.sinks.size() >= n);
    return names.sinks;
  }

  /**
   * A table whose columns are the definition's, with nothing for Delta to compute, is written by
   * Delta's sink straight on the batch's plan (no foreachBatch and its copy of every row), and its
   * refreshes still count the rows they wrote and dropped.
   */
  @Test
  void aPlainTableIsWrittenByDeltasOwnSinkAndCountsItsRows() throws Exception {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 12);
    QueryNames names = new QueryNames();
    listening(
        names,
        () -> {
          Row created =
              spark
                  .sql(
                      "CREATE STREAMING TABLE plain_sink"
                          + " (id INT, CONSTRAINT even EXPECT (id % 2 = 0) ON VIOLATION DROP ROW)"
                          + " AS SELECT CAST(value::string:id AS INT) AS id FROM "
                          + source(topic))
                  .first();
          assertThat(created.getLong(created.fieldIndex("rows_written"))).isEqualTo(6);
          assertThat(created.getLong(created.fieldIndex("rows_dropped"))).isEqualTo(6);
          assertThat(created.getString(created.fieldIndex("expectation_violations")))
              .isEqualTo("{\"even\":6}");
          TestTopics.produce(kafka, topic, 2, 12, 20);
          Row refreshed = spark.sql("REFRESH STREAMING TABLE plain_sink").first();
          assertThat(refreshed.getLong(refreshed.fieldIndex("rows_written"))).isEqualTo(4);
          assertThat(refreshed.getLong(refreshed.fieldIndex("rows_dropped"))).isEqualTo(4);
          assertThat(sinks(names, 2)).containsExactly("DeltaSink", "DeltaSink");
        });
    assertThat(distinctIds("plain_sink")).isEqualTo(10);
    spark.sql("DROP TABLE plain_sink");
  }

  @Test
  void createRefreshFullAndDrop() throws Exception {
    String topic = TestTopics.create(kafka, 3);
    TestTopics.produce(kafka, topic, 3, 0, 30);
    Row created =
        spark
            .sql(
                "CREATE STREAMING TABLE orders AS SELECT CAST(key AS STRING) AS k,"
                    + " CAST(value::string:id AS INT) AS id, partition, offset FROM "
                    + source(topic))
            .first();
    assertThat(created.getLong(created.fieldIndex("rows_written"))).isEqualTo(30);
    assertThat(count("orders")).isEqualTo(30);

    TestTopics.produce(kafka, topic, 3, 30, 45);
    QueryNames names = new QueryNames();
    spark.sparkContext().addSparkListener(names);
    Row refreshed;
    try {
      refreshed = spark.sql("REFRESH STREAMING TABLE orders").first();
      // The UI's Structured Streaming tab lists queries by this name.
      Await.until(
          "the refresh's query start on the listener bus",
          Duration.ofSeconds(30),
          () -> !names.started.isEmpty());
      assertThat(names.started).containsExactly("streaming table spark_catalog.default.orders");
    } finally {
      spark.sparkContext().removeSparkListener(names);
    }
    assertThat(refreshed.getLong(refreshed.fieldIndex("rows_written"))).isEqualTo(15);
    assertThat(refreshed.getString(refreshed.fieldIndex("end_offsets"))).contains(topic);
    assertThat(count("orders")).isEqualTo(45);
    assertThat(distinctIds("orders")).isEqualTo(45);

    Row noop = spark.sql("REFRESH STREAMING TABLE orders").first();
    assertThat(noop.getLong(noop.fieldIndex("rows_written"))).isZero();
    assertThat(noop.getInt(noop.fieldIndex("batches"))).isZero();

    Row full = spark.sql("REFRESH STREAMING TABLE orders FULL").first();
    assertThat(full.getLong(full.fieldIndex("rows_written"))).isEqualTo(45);
    assertThat(full.getString(full.fieldIndex("note"))).contains("Full refresh");
    assertThat(count("orders")).isEqualTo(45);

    String location = spark.sql("DESCRIBE DETAIL orders").first().getAs("location");
    Path state = Paths.get(URI.create(location)).resolve("_kafka_sql");
    assertThat(state).exists();
    spark.sql("DROP TABLE orders");
    assertThat(Files.exists(state)).isFalse();
  }

  /**
   * A definition's brokers may change when the new ones reach the same Kafka cluster (here another
   * address of the same broker, as a new listener or a longer list would be): the table keeps its
   * positions and loads nothing twice. Brokers of another cluster are refused, naming both ids.
   */
  @Test
  void brokersMayChangeWithinTheirClusterButNotToAnother() throws Exception {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 20);
    String definition =
        "STREAMING TABLE moved AS SELECT CAST(value::string:id AS INT) AS id FROM STREAM"
            + " read_kafka(bootstrapServers => '%s', subscribe => '"
            + topic
            + "', startingOffsets => 'earliest')";
    spark.sql("CREATE " + definition.formatted(kafka.bootstrapServers())).collectAsList();
    String port = kafka.bootstrapServers().substring(kafka.bootstrapServers().indexOf(':') + 1);
    String sameCluster = "localhost:" + port + ", " + kafka.bootstrapServers();

    TestTopics.produce(kafka, topic, 2, 20, 30);
    Row moved = spark.sql("CREATE OR REFRESH " + definition.formatted(sameCluster)).first();
    assertThat(moved.getLong(moved.fieldIndex("rows_written"))).isEqualTo(10);
    assertThat(count("moved")).isEqualTo(30);
    assertThat(distinctIds("moved")).isEqualTo(30);

    EmbeddedKafka other = EmbeddedKafka.start();
    try {
      other.createTopic(topic, 2);
      AnalysisException e =
          catchThrowableOfType(
              AnalysisException.class,
              () ->
                  spark.sql("CREATE OR REFRESH " + definition.formatted(other.bootstrapServers())));
      assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_INCOMPATIBLE_DEFINITION_CHANGE");
      assertThat(e.getMessage())
          .contains("another Kafka cluster", other.bootstrapServers(), sameCluster);
    } finally {
      other.close();
    }
    TestTopics.produce(kafka, topic, 2, 30, 35);
    spark.sql("REFRESH STREAMING TABLE moved").collectAsList();
    assertThat(count("moved")).isEqualTo(35);
    assertThat(distinctIds("moved")).isEqualTo(35);
    spark.sql("DROP TABLE moved");
  }

  /**
   * The brokers of a cluster replaced by others at new addresses, the old ones gone: the stored
   * definition can no longer be refreshed, and CREATE OR REFRESH with the new addresses keeps the
   * table's positions, since the table recorded the cluster's id when it last read.
   */
  @Test
  void aTableFollowsItsClusterToNewBrokersOnceTheOldAreGone() {
    EmbeddedKafka moving = EmbeddedKafka.start();
    try {
      String topic = moving.createUniqueTopic(2);
      TestTopics.produce(moving, topic, 2, 0, 20);
      String definition =
          "STREAMING TABLE rehomed AS SELECT CAST(value::string:id AS INT) AS id FROM STREAM"
              + " read_kafka(bootstrapServers => '%s', subscribe => '"
              + topic
              + "', startingOffsets => 'earliest')";
      String old = moving.bootstrapServers();
      spark.sql("CREATE " + definition.formatted(old)).collectAsList();
      TestTopics.produce(moving, topic, 2, 20, 30);

      moving.restartOnNewPort();
      AnalysisException gone =
          catchThrowableOfType(
              AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE rehomed"));
      assertThat(gone.getCondition()).isEqualTo("KAFKA_SQL_BROKER_UNREACHABLE");
      assertThat(gone.getMessage()).contains(old);
      // No "line 1 pos 48": a position in the stored definition, not in the statement typed.
      assertThat(gone.line().isEmpty()).isTrue();
      assertThat(gone.getMessage()).doesNotContain(" pos ");

      Row moved =
          spark.sql("CREATE OR REFRESH " + definition.formatted(moving.bootstrapServers())).first();
      assertThat(moved.getLong(moved.fieldIndex("rows_written"))).isEqualTo(10);
      assertThat(count("rehomed")).isEqualTo(30);
      assertThat(distinctIds("rehomed")).isEqualTo(30);
      spark.sql("DROP TABLE rehomed");
    } finally {
      moving.close();
    }
  }

  /**
   * Spark keeps each source's offsets under its place in the query, so a definition that swaps the
   * two sides of a UNION ALL would resume each topic from the other's offsets: refused.
   */
  @Test
  void swappingTheSourcesOfAUnionIsRefused() {
    String first = TestTopics.create(kafka, 1);
    String second = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, first, 1, 0, 10);
    TestTopics.produce(kafka, second, 1, 0, 3);
    String union =
        "CREATE OR REFRESH STREAMING TABLE swapped AS SELECT topic, offset FROM %s"
            + " UNION ALL SELECT topic, offset FROM %s";
    spark.sql(union.formatted(source(first), source(second))).collectAsList();
    assertThat(count("swapped")).isEqualTo(13);

    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql(union.formatted(source(second), source(first))));
    assertThat(e).isNotNull();
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_INCOMPATIBLE_DEFINITION_CHANGE");
    assertThat(e.getMessage()).contains("streaming sources change");
    assertThat(count("swapped")).isEqualTo(13);
    spark.sql("DROP TABLE swapped");
  }

  /** The table's checkpoint generation and FULL marker properties, as SHOW TBLPROPERTIES rows. */
  private static String resetProperties(String table) {
    return spark
        .sql("SHOW TBLPROPERTIES " + table)
        .where("key IN ('kafkasql.generation', 'kafkasql.fullRefreshPending')")
        .collectAsList()
        .toString();
  }

  /** Set while a test wants {@code fail_from_offset} to fail the batch it is in. */
  private static final AtomicLong FAIL_FROM_OFFSET = new AtomicLong(Long.MAX_VALUE);

  /**
   * REFRESH … FULL empties the table and moves it to a new checkpoint generation in one commit, so
   * a FULL cut short after that commit is finished by the next refresh, full or not: the table then
   * holds every record once, and none of the rows it held before.
   */
  @Test
  void aFullRefreshResetsInOneCommitAndACutShortOneIsFinishedByTheNextRefresh() {
    spark
        .udf()
        .register(
            "fail_from_offset",
            (UDF1<Long, Long>)
                offset -> {
                  if (offset >= FAIL_FROM_OFFSET.get()) {
                    throw new IllegalStateException("cut short at offset " + offset);
                  }
                  return offset;
                },
            DataTypes.LongType);
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 20);
    spark.sql(
        "CREATE STREAMING TABLE cut AS SELECT CAST(value::string:id AS INT) AS id,"
            + " fail_from_offset(offset) AS o FROM "
            + ReadKafkaSql.of(kafka.bootstrapServers())
                .subscribe(topic)
                .option("startingOffsets", "earliest")
                .option("maxOffsetsPerTrigger", 4)
                .stream()
                .sql());
    assertThat(count("cut")).isEqualTo(20);
    long created = spark.sql("DESCRIBE HISTORY cut").first().getLong(0);
    spark.sql("CREATE STREAMING TABLE cut_silver AS SELECT id FROM STREAM cut");

    // Batches of 4 records (2 per partition): the fourth batch, from offset 6, fails.
    FAIL_FROM_OFFSET.set(6);
    try {
      assertThat(catchThrowable(() -> spark.sql("REFRESH STREAMING TABLE cut FULL")))
          .hasMessageContaining("KAFKA_SQL_REFRESH_FAILED")
          .hasMessageContaining("cut short at offset");
    } finally {
      FAIL_FROM_OFFSET.set(Long.MAX_VALUE);
    }
    List<String> operations =
        spark
            .sql("DESCRIBE HISTORY cut")
            .where("version > " + created)
            .orderBy("version")
            .select("operation")
            .as(Encoders.STRING())
            .collectAsList();
    // One commit empties the table and sets the generation; then the three batches loaded.
    assertThat(operations).hasSize(4);
    assertThat(operations.get(0)).isEqualTo("TRUNCATE");
    assertThat(operations.subList(1, 4)).doesNotContain("TRUNCATE", "DELETE", "SET TBLPROPERTIES");
    assertThat(spark.sql("SELECT min(id), max(o), count(*) FROM cut").first().toString())
        .isEqualTo("[0,5,12]");
    assertThat(resetProperties("cut")).isEqualTo("[[kafkasql.generation,1]]");

    // A table reading the emptied one as a stream is told, not fed the reloaded rows twice.
    AnalysisException changed =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE cut_silver"));
    assertThat(changed.getCondition()).isEqualTo("KAFKA_SQL_SOURCE_TABLE_CHANGED");
    assertThat(changed.getMessageParameters())
        .containsEntry("version", String.valueOf(created + 1))
        .hasEntrySatisfying("path", path -> assertThat(path).endsWith("/cut"));
    assertThat(changed.getMessage()).contains("REFRESH STREAMING TABLE `cut_silver` FULL");
    assertThat(count("cut_silver")).isEqualTo(20);
    spark.sql("DROP TABLE cut_silver");

    Row resumed = spark.sql("REFRESH STREAMING TABLE cut").first();
    assertThat(resumed.getLong(resumed.fieldIndex("rows_written"))).isEqualTo(8);
    assertThat(count("cut")).isEqualTo(20);
    assertThat(distinctIds("cut")).isEqualTo(20);

    // Earlier development builds reset in four commits and marked a reset under way; a refresh
    // that finds their marker finishes that reset, to the generation it names.
    SparkTestSessions.sqlWithoutExtension(
        spark, "ALTER TABLE cut SET TBLPROPERTIES ('kafkasql.fullRefreshPending' = '2')");
    Row finished = spark.sql("REFRESH STREAMING TABLE cut").first();
    assertThat(finished.getLong(finished.fieldIndex("rows_written"))).isEqualTo(20);
    assertThat(count("cut")).isEqualTo(20);
    assertThat(resetProperties("cut")).isEqualTo("[[kafkasql.generation,2]]");
    spark.sql("DROP TABLE cut");
  }

  /**
   * A table reading another as a stream, after that one was dropped and created again: Delta's
   * error advises deleting the checkpoint (which would load everything again, silently); ours says
   * to refresh FULL, which works.
   */
  @Test
  void aSourceTableDroppedAndCreatedAgainStopsTheRefreshUntilAFullRefresh() {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 5);
    String up = "CREATE STREAMING TABLE replaced_up AS SELECT offset FROM " + source(topic);
    spark.sql(up);
    spark.sql("CREATE STREAMING TABLE replaced_down AS SELECT offset FROM STREAM replaced_up");
    spark.sql("DROP TABLE replaced_up");
    spark.sql(up);
    AnalysisException replaced =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE replaced_down"));
    assertThat(replaced.getCondition()).isEqualTo("KAFKA_SQL_SOURCE_TABLE_REPLACED");
    assertThat(replaced.getMessage())
        .contains("REFRESH STREAMING TABLE `replaced_down` FULL")
        .doesNotContain("delete your streaming query checkpoint");
    Row full = spark.sql("REFRESH STREAMING TABLE replaced_down FULL").first();
    assertThat(full.getLong(full.fieldIndex("rows_written"))).isEqualTo(5);
    assertThat(count("replaced_down")).isEqualTo(5);
    spark.sql("DROP TABLE replaced_down");
    spark.sql("DROP TABLE replaced_up");
  }

  @Test
  void expectationsKeepDropAndFail() {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 20);
    Row r =
        spark
            .sql(
                "CREATE STREAMING TABLE checked (id INT, amount INT,"
                    + " CONSTRAINT small EXPECT (amount < 5),"
                    + " CONSTRAINT even EXPECT (id % 2 = 0) ON VIOLATION DROP ROW)"
                    + " AS SELECT CAST(value::string:id AS INT) AS id, CAST(value::string:amount AS INT) AS amount FROM "
                    + source(topic))
            .first();
    assertThat(r.getLong(r.fieldIndex("rows_written"))).isEqualTo(10);
    assertThat(r.getLong(r.fieldIndex("rows_dropped"))).isEqualTo(10);
    assertThat(r.getString(r.fieldIndex("expectation_violations")))
        .isEqualTo("{\"small\":5,\"even\":10}");
    assertThat(count("checked")).isEqualTo(10);

    String failing = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, failing, 1, 0, 5);
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "CREATE STREAMING TABLE strict (id INT, CONSTRAINT positive EXPECT (id > 2)"
                        + " ON VIOLATION FAIL UPDATE) AS SELECT CAST(value::string:id AS INT) AS id FROM "
                        + source(failing)));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_EXPECTATION_FAILED");
    assertThat(e.getMessageParameters()).containsEntry("expectation", "positive");
    assertThat(count("strict")).isZero();
  }

  /**
   * A NULL in a NOT NULL column stops the refresh with the column and the expectation that keeps
   * such rows out (Delta's own error names neither a fix nor the table); that expectation, added by
   * CREATE OR REFRESH, loads the batch.
   */
  @Test
  void aNullInANotNullColumnNamesTheExpectationThatFixesIt() {
    String topic = TestTopics.create(kafka, 1);
    kafka.produce(
        List.of(
            new ProducerRecord<>(topic, 0, null, "{\"id\":1,\"country\":\"NO\"}".getBytes(UTF_8)),
            new ProducerRecord<>(topic, 0, null, "{\"id\":2}".getBytes(UTF_8))));
    String query =
        " AS SELECT CAST(value::string:id AS INT) AS id, value::string:country AS country FROM "
            + source(topic);
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "CREATE STREAMING TABLE countries (id INT, country STRING NOT NULL)" + query));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_NOT_NULL_VIOLATED");
    String expectation =
        "CONSTRAINT country_not_null EXPECT (country IS NOT NULL) ON VIOLATION DROP ROW";
    assertThat(e.getMessageParameters())
        .containsEntry("column", "country")
        .containsEntry("expectation", expectation);
    assertThat(count("countries")).isZero();

    Row r =
        spark
            .sql(
                "CREATE OR REFRESH STREAMING TABLE countries (id INT, country STRING NOT NULL, "
                    + expectation
                    + ")"
                    + query)
            .first();
    assertThat(r.getLong(r.fieldIndex("rows_written"))).isEqualTo(1);
    assertThat(r.getLong(r.fieldIndex("rows_dropped"))).isEqualTo(1);
    assertThat(spark.sql("SELECT * FROM countries").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[1,NO]");
    spark.sql("DROP TABLE countries");
  }

  /**
   * Delta plans its own write for a table with a DEFAULT or a generated column; the refresh writes
   * through foreachBatch there, and still counts the rows it wrote and the rows its expectations
   * dropped.
   */
  @Test
  void countsRowsOfTablesWithDefaultsAndGeneratedColumns() throws Exception {
    QueryNames names = new QueryNames();
    listening(
        names,
        () -> {
          String topic = TestTopics.create(kafka, 2);
          TestTopics.produce(kafka, topic, 2, 0, 12);
          Row generated =
              spark
                  .sql(
                      "CREATE STREAMING TABLE with_generated (id INT, amount INT,"
                          + " doubled INT GENERATED ALWAYS AS (amount * 2),"
                          + " CONSTRAINT even EXPECT (id % 2 = 0) ON VIOLATION DROP ROW)"
                          + " AS SELECT CAST(value::string:id AS INT) AS id,"
                          + " CAST(value::string:amount AS INT) AS amount FROM "
                          + source(topic))
                  .first();
          assertThat(generated.getLong(generated.fieldIndex("rows_written"))).isEqualTo(6);
          assertThat(generated.getLong(generated.fieldIndex("rows_dropped"))).isEqualTo(6);
          assertThat(generated.getString(generated.fieldIndex("expectation_violations")))
              .isEqualTo("{\"even\":6}");
          assertThat(count("with_generated")).isEqualTo(6);

          Row defaulted =
              spark
                  .sql(
                      "CREATE STREAMING TABLE with_default (id INT, origin STRING DEFAULT 'kafka')"
                          + " AS SELECT CAST(value::string:id AS INT) AS id FROM "
                          + source(topic))
                  .first();
          assertThat(defaulted.getLong(defaulted.fieldIndex("rows_written"))).isEqualTo(12);
          TestTopics.produce(kafka, topic, 2, 12, 20);
          Row refreshed = spark.sql("REFRESH STREAMING TABLE with_default").first();
          assertThat(refreshed.getLong(refreshed.fieldIndex("rows_written"))).isEqualTo(8);
          assertThat(count("with_default WHERE origin = 'kafka'")).isEqualTo(20);
          // Delta plans its own write on these tables: the refresh keeps foreachBatch.
          assertThat(sinks(names, 3))
              .containsExactly("ForeachBatchSink", "ForeachBatchSink", "ForeachBatchSink");
        });
    spark.sql("DROP TABLE with_generated");
    spark.sql("DROP TABLE with_default");
  }
}
