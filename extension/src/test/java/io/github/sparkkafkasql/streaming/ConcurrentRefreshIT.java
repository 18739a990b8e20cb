package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.Await;
import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Two REFRESHes of one table at the same time, from two sessions as a Thrift server would run them:
 * the second fails at once with "refresh in progress", and nothing is duplicated.
 */
class ConcurrentRefreshIT extends SharedSparkIT {

  @Test
  void aSecondRefreshIsRefusedWhileTheFirstRuns(EmbeddedKafka kafka) throws Exception {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 10);
    spark.sql(
        "CREATE STREAMING TABLE busy AS SELECT CAST(key AS STRING) AS k, partition, offset"
            + " FROM "
            + ReadKafkaSql.of(kafka.bootstrapServers())
                .subscribe(topic)
                .option("startingOffsets", "earliest")
                .option("maxOffsetsPerTrigger", 20)
                .stream());
    TestTopics.produce(kafka, topic, 2, 10, 400);
    String location = spark.sql("DESCRIBE DETAIL busy").first().getAs("location");
    Path checkpoint = Paths.get(URI.create(location)).resolve("_kafka_sql/checkpoint-0");
    long before = CommitLog.batches(checkpoint).size();

    SparkSession first = spark.newSession();
    CompletableFuture<Row> running =
        CompletableFuture.supplyAsync(() -> first.sql("REFRESH STREAMING TABLE busy").first());
    Await.until(
        "a batch of the first refresh",
        Duration.ofMinutes(2),
        () -> CommitLog.batches(checkpoint).size() > before || running.isDone());
    assertThat(running).as("the first refresh should still be running").isNotDone();

    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.newSession().sql("REFRESH STREAMING TABLE busy"));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_REFRESH_IN_PROGRESS");
    assertThat(e.getMessageParameters()).containsEntry("table", "`busy`");

    Row result = running.get();
    assertThat(result.getLong(result.fieldIndex("rows_written"))).isEqualTo(390);
    Row counts = spark.sql("SELECT count(*), count(DISTINCT partition, offset) FROM busy").first();
    assertThat(counts.getLong(0)).isEqualTo(400);
    assertThat(counts.getLong(1)).isEqualTo(400);
  }
}
