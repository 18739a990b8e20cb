package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A definition's unqualified table names mean the tables of the database current at CREATE, as in a
 * view, whichever database the session that refreshes is in (a scheduler's session starts in {@code
 * default}); and a definition may not read a temporary view, which other sessions lack.
 */
class DefinitionNamespaceIT extends SharedSparkIT {

  @AfterEach
  void backToDefault() {
    spark.sql("USE default");
  }

  @Test
  void unqualifiedNamesMeanTheTablesOfTheDatabaseCurrentAtCreate() {
    String first = TestTopics.create(kafka, 1);
    String second = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, first, 1, 0, 10);
    TestTopics.produce(kafka, second, 1, 0, 3);
    spark.sql("CREATE DATABASE ns_chain");
    spark.sql("USE ns_chain");
    spark.sql("CREATE STREAMING TABLE up AS SELECT topic, offset FROM " + read(first));
    spark.sql("CREATE STREAMING TABLE down AS SELECT topic, offset FROM STREAM up");
    // Another table of the same name in the database the later sessions are in.
    spark.sql("USE default");
    spark.sql("CREATE STREAMING TABLE up AS SELECT topic, offset FROM " + read(second));

    TestTopics.produce(kafka, first, 1, 10, 12);
    spark.sql("REFRESH STREAMING TABLE ns_chain.up");
    Row refreshed = spark.sql("REFRESH STREAMING TABLE ns_chain.down").first();
    assertThat(refreshed.getLong(refreshed.fieldIndex("rows_written"))).isEqualTo(2);
    spark.sql("REFRESH STREAMING TABLE ns_chain.down FULL");
    assertThat(topics("ns_chain.down")).containsExactly(first + "=12");
    // The session that refreshed is still where it was.
    assertThat(spark.catalog().currentDatabase()).isEqualTo("default");
  }

  @Test
  void aDefinitionReadingKafkaAloneOutlivesTheDatabaseItWasCreatedIn() {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 4);
    spark.sql("CREATE DATABASE ns_gone");
    spark.sql("USE ns_gone");
    spark.sql("CREATE STREAMING TABLE default.kafka_only AS SELECT offset FROM " + read(topic));
    spark.sql("USE default");
    spark.sql("DROP DATABASE ns_gone");
    TestTopics.produce(kafka, topic, 1, 4, 6);
    Row refreshed = spark.sql("REFRESH STREAMING TABLE kafka_only").first();
    assertThat(refreshed.getLong(refreshed.fieldIndex("rows_written"))).isEqualTo(2);
  }

  /**
   * DROP DATABASE … CASCADE drops each streaming table as DROP TABLE does: its state under
   * spark.kafkaSql.stateRoot (outside the database's directory, which Spark alone would leave) goes
   * too, and a table created again under the same name starts clean.
   */
  @Test
  void dropDatabaseCascadeRemovesTheStateOfItsStreamingTables() throws Exception {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 5);
    java.nio.file.Path root = java.nio.file.Files.createTempDirectory("state-root-");
    spark.conf().set(KafkaSqlConf.STATE_ROOT.key(), root.toUri().toString());
    String create =
        "CREATE STREAMING TABLE ns_dropped.t AS SELECT offset FROM "
            + read(topic)
                .replace(
                    ")",
                    ", onDecodeError => 'quarantine',"
                        + " quarantineTable => 't_dead', valueFormat => 'json',"
                        + " valueSchema => 'id INT')");
    try {
      spark.sql("CREATE DATABASE ns_dropped");
      spark.sql(create);
      assertThat(spark.catalog().tableExists("ns_dropped.t_dead")).isTrue();
      try (var dirs = java.nio.file.Files.list(root)) {
        assertThat(dirs.count()).isEqualTo(1);
      }
      // A table whose Delta log cannot be read does not keep the database from being dropped.
      spark.sql("CREATE TABLE ns_dropped.broken (id INT) USING delta");
      String broken = spark.sql("DESCRIBE DETAIL ns_dropped.broken").first().getAs("location");
      try (var log =
          java.nio.file.Files.list(
              java.nio.file.Path.of(java.net.URI.create(broken)).resolve("_delta_log"))) {
        for (java.nio.file.Path f : log.filter(java.nio.file.Files::isRegularFile).toList()) {
          java.nio.file.Files.writeString(f, "not a delta log"); // its commit and checksum
        }
      }
      org.apache.spark.sql.delta.DeltaLog.clearCache();
      spark.sql("DROP DATABASE ns_dropped CASCADE");
      assertThat(spark.catalog().databaseExists("ns_dropped")).isFalse();
      try (var dirs = java.nio.file.Files.list(root)) {
        assertThat(dirs.toList()).isEmpty();
      }

      spark.sql("CREATE DATABASE ns_dropped");
      Row again = spark.sql(create).first();
      assertThat(again.getLong(again.fieldIndex("rows_written"))).isEqualTo(5);
    } finally {
      spark.sql("DROP DATABASE IF EXISTS ns_dropped CASCADE");
      spark.conf().unset(KafkaSqlConf.STATE_ROOT.key());
    }
  }

  @Test
  void aNameTheSessionCatalogRefusesLeavesNoDirectory() throws Exception {
    String topic = TestTopics.create(kafka, 1);
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql("CREATE STREAMING TABLE `a b` AS SELECT offset FROM " + read(topic)));
    assertThat(e.getCondition()).isEqualTo("INVALID_SCHEMA_OR_RELATION_NAME");
    java.nio.file.Path warehouse =
        java.nio.file.Path.of(
            new org.apache.hadoop.fs.Path(spark.conf().get("spark.sql.warehouse.dir"), "a b")
                .toUri()
                .getPath());
    assertThat(warehouse.getParent()).exists();
    assertThat(warehouse).doesNotExist();
  }

  @Test
  void aTemporaryViewIsRefusedAndNoTableIsLeft() {
    String topic = TestTopics.create(kafka, 1);
    spark
        .readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", kafka.bootstrapServers())
        .option("subscribe", topic)
        .load()
        .createOrReplaceTempView("kafka_temp");
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () -> spark.sql("CREATE STREAMING TABLE from_temp AS SELECT offset FROM kafka_temp"));
    assertThat(e.getCondition()).isEqualTo("INVALID_TEMP_OBJ_REFERENCE");
    assertThat(e.getMessageParameters()).containsEntry("tempObj", "VIEW");
    assertThat(e.getMessageParameters().get("tempObjName")).contains("kafka_temp");
    assertThat(spark.catalog().tableExists("from_temp")).isFalse();
  }

  @Test
  void aTemporaryFunctionIsRefusedWhereverTheDefinitionCallsIt() {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 2);
    spark.sql(
        "CREATE OR REPLACE TEMPORARY FUNCTION plus_one(x BIGINT) RETURNS BIGINT RETURN x + 1");
    spark
        .udf()
        .register(
            "is_small",
            (org.apache.spark.sql.api.java.UDF1<Long, Boolean>) x -> x < 100,
            org.apache.spark.sql.types.DataTypes.BooleanType);
    // In a CTE of the query.
    AnalysisException inCte =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "CREATE STREAMING TABLE with_temp_fn AS WITH r AS (SELECT PLUS_ONE(offset) AS o"
                        + " FROM "
                        + read(topic)
                        + ") SELECT o FROM r"));
    assertThat(inCte.getCondition()).isEqualTo("INVALID_TEMP_OBJ_REFERENCE");
    assertThat(inCte.getMessageParameters())
        .containsEntry("tempObj", "FUNCTION")
        .containsEntry("tempObjName", "`PLUS_ONE`");
    assertThat(spark.catalog().tableExists("with_temp_fn")).isFalse();

    // In an expectation, also when CREATE OR REFRESH adds it to an existing table.
    spark.sql("CREATE STREAMING TABLE with_temp_fn AS SELECT offset FROM " + read(topic));
    try {
      AnalysisException inExpectation =
          catchThrowableOfType(
              AnalysisException.class,
              () ->
                  spark.sql(
                      "CREATE OR REFRESH STREAMING TABLE with_temp_fn (offset BIGINT, CONSTRAINT s"
                          + " EXPECT (is_small(offset)) ON VIOLATION DROP ROW) AS SELECT offset FROM "
                          + read(topic)));
      assertThat(inExpectation.getCondition()).isEqualTo("INVALID_TEMP_OBJ_REFERENCE");
      assertThat(inExpectation.getMessageParameters()).containsEntry("tempObjName", "`is_small`");
      // The setting lets session functions pass, for refreshes run in this session only.
      spark.conf().set(KafkaSqlConf.ALLOW_TEMPORARY_FUNCTIONS.key(), "true");
      try {
        spark.sql(
            "CREATE OR REFRESH STREAMING TABLE with_temp_fn (offset BIGINT, CONSTRAINT s EXPECT"
                + " (is_small(offset)) ON VIOLATION DROP ROW) AS SELECT offset FROM "
                + read(topic));
      } finally {
        spark.conf().unset(KafkaSqlConf.ALLOW_TEMPORARY_FUNCTIONS.key());
      }
      // A built-in function of the same shape is fine.
      spark.sql(
          "CREATE OR REFRESH STREAMING TABLE with_temp_fn (offset BIGINT, CONSTRAINT s EXPECT"
              + " (abs(offset) < 100) ON VIOLATION DROP ROW) AS SELECT offset FROM "
              + read(topic));
    } finally {
      spark.sql("DROP TABLE with_temp_fn");
      spark.sql("DROP TEMPORARY FUNCTION plus_one");
    }
  }

  private static String read(String topic) {
    return TestTopics.streamFromEarliest(kafka, topic);
  }

  private static List<String> topics(String table) {
    return spark
        .sql("SELECT topic, count(*) FROM " + table + " GROUP BY topic ORDER BY topic")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0) + "=" + r.getLong(1))
        .toList();
  }
}
