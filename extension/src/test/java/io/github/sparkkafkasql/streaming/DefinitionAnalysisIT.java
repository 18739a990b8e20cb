package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.channels.ReadKafkaChannels;
import org.junit.jupiter.api.Test;

/**
 * A statement analyses a definition once: resolving {@code read_kafka} checks the brokers and
 * topics (and, with a schema registry, will look schemas up), so each extra analysis is extra round
 * trips.
 */
class DefinitionAnalysisIT extends SharedSparkIT {

  private static long analysesDuring(String sql) {
    long before = ReadKafkaChannels.analyses();
    spark.sql(sql).collect();
    return ReadKafkaChannels.analyses() - before;
  }

  private static String create(String prefix, String table, String topic, String clauses) {
    return prefix
        + " STREAMING TABLE "
        + table
        + " "
        + clauses
        + " AS SELECT CAST(value AS STRING) AS v FROM STREAM read_kafka(bootstrapServers => '"
        + kafka.bootstrapServers()
        + "', subscribe => '"
        + topic
        + "', startingOffsets => 'earliest')";
  }

  @Test
  void eachStatementAnalysesTheDefinitionOnce() throws Exception {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 5);
    assertThat(analysesDuring(create("CREATE", "analysed_once", topic, ""))).isEqualTo(1);
    assertThat(spark.table("analysed_once").count()).isEqualTo(5);
    // Unchanged: the refresh analyses the stored definition.
    assertThat(analysesDuring(create("CREATE OR REFRESH", "analysed_once", topic, "")))
        .isEqualTo(1);
    // Changed, same query: the new definition is analysed once, and that analysis is refreshed.
    assertThat(
            analysesDuring(
                create("CREATE OR REFRESH", "analysed_once", topic, "COMMENT 'now commented'")))
        .isEqualTo(1);
    assertThat(analysesDuring("REFRESH STREAMING TABLE analysed_once")).isEqualTo(1);
    TestTopics.produce(kafka, topic, 1, 5, 8);
    assertThat(analysesDuring("REFRESH STREAMING TABLE analysed_once FULL")).isEqualTo(1);
    assertThat(spark.table("analysed_once").count()).isEqualTo(8);
    spark.sql("DROP TABLE analysed_once");
  }
}
