package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.SparkTestSessions;
import io.github.sparkkafkasql.TestTopics;
import org.apache.spark.sql.AnalysisException;
import org.junit.jupiter.api.Test;

/**
 * Definitions that no refresh could run are refused by CREATE, leaving no table behind: before,
 * each was created and then failed every refresh until dropped.
 */
class DefinitionChecksIT extends SharedSparkIT {

  @Test
  void aStreamingAggregationIsRefusedAtCreate() {
    String topic = TestTopics.create(kafka, 2);
    AnalysisException e =
        refused(
            "per_partition",
            " AS SELECT partition, count(*) AS n FROM " + read(topic) + " GROUP BY partition");
    assertThat(e.getCondition()).startsWith("STREAMING_OUTPUT_MODE");
  }

  @Test
  void anExpectationThatIsNotABooleanIsRefusedAtCreate() {
    String topic = TestTopics.create(kafka, 1);
    AnalysisException e =
        refused(
            "not_boolean",
            " (offset BIGINT, CONSTRAINT c EXPECT ('abc')) AS SELECT offset FROM " + read(topic));
    assertThat(e.getCondition()).isEqualTo("DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN");
    assertThat(e.getMessageParameters()).containsEntry("type", "STRING");
  }

  @Test
  void twoExpectationsOfOneNameAreRefused() {
    String topic = TestTopics.create(kafka, 1);
    AnalysisException e =
        refused(
            "same_name",
            " (offset BIGINT, CONSTRAINT c EXPECT (offset > 1) ON VIOLATION DROP ROW, CONSTRAINT C"
                + " EXPECT (offset > 2)) AS SELECT offset FROM "
                + read(topic));
    assertThat(e.getCondition()).isEqualTo("CONSTRAINT_ALREADY_EXISTS");
    assertThat(e.getMessageParameters()).containsEntry("constraintName", "C");
  }

  @Test
  void aLimitOrASortIsRefusedAtCreate() {
    String topic = TestTopics.create(kafka, 1);
    AnalysisException limit =
        refused("limited", " AS SELECT offset FROM " + read(topic) + " LIMIT 2");
    assertThat(limit.getCondition()).isEqualTo("KAFKA_SQL_UNSUPPORTED_TABLE_CLAUSE");
    assertThat(limit.getMessage()).contains("LIMIT", "WHERE");
    AnalysisException inner =
        refused(
            "limited",
            " AS SELECT o FROM (SELECT offset AS o FROM " + read(topic) + " LIMIT 5 OFFSET 1)");
    assertThat(inner.getCondition()).isEqualTo("KAFKA_SQL_UNSUPPORTED_TABLE_CLAUSE");
    AnalysisException sorted =
        refused("sorted", " AS SELECT offset FROM " + read(topic) + " ORDER BY offset");
    assertThat(sorted.getCondition()).isEqualTo("KAFKA_SQL_UNSUPPORTED_TABLE_CLAUSE");
    assertThat(sorted.getMessage()).contains("ORDER BY");
  }

  @Test
  void aNonDeterministicExpectationIsRefusedAtCreate() {
    String topic = TestTopics.create(kafka, 1);
    AnalysisException e =
        refused(
            "coin_flip",
            " (offset BIGINT, CONSTRAINT c EXPECT (rand() > 0.5) ON VIOLATION DROP ROW) AS SELECT"
                + " offset FROM "
                + read(topic));
    assertThat(e.getCondition()).isEqualTo("INVALID_NON_DETERMINISTIC_EXPRESSIONS");
    assertThat(e.getMessageParameters()).containsEntry("sqlExprs", "rand() > 0.5");
  }

  /** An expectation judges each row: an aggregate or window function in it is refused at CREATE. */
  @Test
  void anAggregateOrWindowInAnExpectationIsRefusedAtCreate() {
    String topic = TestTopics.create(kafka, 1);
    AnalysisException aggregate =
        refused(
            "counted",
            " (offset BIGINT, CONSTRAINT fine EXPECT (offset >= 0),"
                + " CONSTRAINT some EXPECT (count(*) > 0)) AS SELECT offset FROM "
                + read(topic));
    assertThat(aggregate.getCondition()).isEqualTo("INVALID_WHERE_CONDITION");
    assertThat(aggregate.getMessageParameters()).containsEntry("condition", "count(*) > 0");
    AnalysisException window =
        refused(
            "ranked",
            " (offset BIGINT, CONSTRAINT first EXPECT (row_number() OVER (ORDER BY offset) = 1))"
                + " AS SELECT offset FROM "
                + read(topic));
    assertThat(window.getCondition()).isEqualTo("INVALID_WHERE_CONDITION");
  }

  /** The error of {@code CREATE STREAMING TABLE table rest}, which must leave no table. */
  private static AnalysisException refused(String table, String rest) {
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("CREATE STREAMING TABLE " + table + rest));
    assertThat(spark.catalog().tableExists(table)).isFalse();
    return e;
  }

  @Test
  void theSameTopicsListedOtherwiseAreTheSameSources() {
    String a = TestTopics.create(kafka, 1);
    String b = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, a, 1, 0, 2);
    TestTopics.produce(kafka, b, 1, 0, 3);
    String definition =
        "STREAMING TABLE listed AS SELECT topic, offset FROM STREAM read_kafka(bootstrapServers =>"
            + " '"
            + kafka.bootstrapServers()
            + "', subscribe => '%s', startingOffsets => 'earliest')";
    spark.sql("CREATE " + definition.formatted(a + "," + b));
    TestTopics.produce(kafka, b, 1, 3, 4);
    org.apache.spark.sql.Row refreshed =
        spark.sql("CREATE OR REFRESH " + definition.formatted(" " + b + " , " + a + " ")).first();
    assertThat(refreshed.getLong(refreshed.fieldIndex("rows_written"))).isEqualTo(1);
    assertThat(spark.sql("SELECT count(*) FROM listed").first().getLong(0)).isEqualTo(6);
  }

  @Test
  void aDefinitionEditedOutsideTheExtensionIsNamedAndTheTableCanStillBeDropped() {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 2);
    spark.sql("CREATE STREAMING TABLE edited AS SELECT offset FROM " + read(topic));
    try {
      // The extension's own parser refuses these edits; Spark's plain one makes them.
      for (String edit :
          new String[] {
            "ALTER TABLE edited SET TBLPROPERTIES ('kafkasql.definition' = '{}')",
            "ALTER TABLE edited UNSET TBLPROPERTIES ('KafkaSql.definition')"
          }) {
        AnalysisException refused =
            catchThrowableOfType(AnalysisException.class, () -> spark.sql(edit));
        assertThat(refused).as(edit).isNotNull();
        assertThat(refused.getCondition()).isEqualTo("UNSUPPORTED_FEATURE.SET_TABLE_PROPERTY");
      }
      spark.sql("ALTER TABLE edited SET TBLPROPERTIES ('team' = 'growth')");
      spark.sql("ALTER TABLE edited UNSET TBLPROPERTIES ('team')");
      assertThat(spark.sql("REFRESH STREAMING TABLE edited").count()).isEqualTo(1);

      SparkTestSessions.sqlWithoutExtension(
          spark, "ALTER TABLE edited SET TBLPROPERTIES ('kafkasql.definition' = '{\"query\": 1')");
      AnalysisException garbled =
          catchThrowableOfType(
              AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE edited"));
      assertThat(garbled.getCondition()).isEqualTo("KAFKA_SQL_STORED_DEFINITION_UNREADABLE");
      assertThat(garbled.getMessageParameters()).containsEntry("table", "`edited`");
      assertThat(garbled.getMessage()).contains("DESCRIBE HISTORY `edited`");

      SparkTestSessions.sqlWithoutExtension(
          spark, "ALTER TABLE edited SET TBLPROPERTIES ('kafkasql.definition' = '{}')");
      AnalysisException incomplete =
          catchThrowableOfType(
              AnalysisException.class, () -> spark.sql("DESCRIBE STREAMING TABLE edited"));
      assertThat(incomplete.getCondition()).isEqualTo("KAFKA_SQL_STORED_DEFINITION_UNREADABLE");

      SparkTestSessions.sqlWithoutExtension(
          spark, "ALTER TABLE edited UNSET TBLPROPERTIES ('kafkasql.definition')");
      AnalysisException missing =
          catchThrowableOfType(
              AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE edited"));
      assertThat(missing.getCondition()).isEqualTo("KAFKA_SQL_STORED_DEFINITION_UNREADABLE");
      assertThat(missing.getMessageParameters()).containsEntry("reason", "the property is missing");
    } finally {
      spark.sql("DROP TABLE edited");
    }
    assertThat(spark.catalog().tableExists("edited")).isFalse();
  }

  private static String read(String topic) {
    return TestTopics.streamFromEarliest(kafka, topic);
  }
}
