package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A streaming table that reads two Kafka clusters (the orders of two regions, say, as UNION ALL):
 * each source's lag, committed offsets and lost records are taken from its own cluster.
 */
class TwoClustersIT extends SharedSparkIT {

  private static EmbeddedKafka other;

  @BeforeAll
  static void startOther() {
    other = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopOther() {
    other.close();
  }

  @Test
  void lagAndRefreshesCountEachClusterOnItsOwn() {
    String east = TestTopics.create(kafka, 2);
    String west = TestTopics.create(other, 1);
    TestTopics.produce(kafka, east, 2, 0, 10);
    TestTopics.produce(other, west, 1, 0, 5);
    spark.sql(
        "CREATE STREAMING TABLE two_regions AS SELECT topic, partition, offset FROM "
            + ReadKafkaSql.of(kafka.bootstrapServers())
                .subscribe(east)
                .option("startingOffsets", "earliest")
                .stream()
            + " UNION ALL SELECT topic, partition, offset FROM "
            + ReadKafkaSql.of(other.bootstrapServers())
                .subscribe(west)
                .option("startingOffsets", "earliest")
                .stream());
    TestTopics.produce(kafka, east, 2, 10, 13);
    TestTopics.produce(other, west, 1, 5, 9);

    Map<String, String> described = describe("two_regions");
    assertThat(described).doesNotContainKey("Lag");
    assertThat(described)
        .containsEntry("Committed offset " + west + "-0", "5")
        .containsEntry("Lag " + west + "-0", "4");
    long eastLag =
        Long.parseLong(described.get("Lag " + east + "-0"))
            + Long.parseLong(described.get("Lag " + east + "-1"));
    assertThat(eastLag).isEqualTo(3);
    assertThat(totalLag("two_regions")).isEqualTo(7);

    Row refreshed = spark.sql("REFRESH STREAMING TABLE two_regions").first();
    assertThat(refreshed.getLong(refreshed.fieldIndex("rows_written"))).isEqualTo(7);
    assertThat(totalLag("two_regions")).isZero();
    Row counts =
        spark
            .sql("SELECT count(*), count(DISTINCT topic, partition, offset) FROM two_regions")
            .first();
    assertThat(counts.getLong(0)).isEqualTo(22);
    assertThat(counts.getLong(1)).isEqualTo(22);

    // Retention takes records of the second cluster before the table read them: the refresh
    // fails before it reads, naming them, as for a table of one source.
    TestTopics.produce(other, west, 1, 9, 14);
    other.deleteRecordsBefore(new TopicPartition(west, 0), 12);
    AnalysisException lost =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE two_regions"));
    assertThat(lost.getCondition()).isEqualTo("KAFKA_SQL_DATA_LOSS");
    assertThat(lost.getMessageParameters())
        .containsEntry("topic", west)
        .containsEntry("partition", "0")
        .containsEntry("startOffset", "9")
        .containsEntry("endOffset", "12");
    assertThat(spark.sql("SELECT count(*) FROM two_regions").first().getLong(0)).isEqualTo(22);
  }

  private static long totalLag(String table) {
    return spark.sql("SHOW STREAMING TABLES").collectAsList().stream()
        .filter(r -> r.getString(r.fieldIndex("table")).equals(table))
        .findFirst()
        .map(r -> r.getLong(r.fieldIndex("total_lag")))
        .orElseThrow();
  }

  private static Map<String, String> describe(String table) {
    return spark.sql("DESCRIBE STREAMING TABLE " + table).collectAsList().stream()
        .filter(r -> r.getString(1) != null)
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1), (a, b) -> b));
  }
}
