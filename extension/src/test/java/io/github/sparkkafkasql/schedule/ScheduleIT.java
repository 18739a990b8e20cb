package io.github.sparkkafkasql.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkkafkasql.Await;
import io.github.sparkkafkasql.SparkTestSessions;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.KafkaBrokerExtension;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import io.github.sparkkafkasql.streaming.CommitLog;
import io.github.sparkkafkasql.streaming.RefreshHistory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scheduled refreshes in a long-running application: this test JVM's SparkContext runs the
 * scheduler, and tables with a seconds-level cron (the floor is lowered for tests) load what is
 * produced without any REFRESH, with a secret from the context's configuration.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ScheduleIT {

  private static final String EVERY_THREE_SECONDS = "CRON '0/3 * * * * ?' AT TIME ZONE 'UTC'";
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Duration POLL = Duration.ofSeconds(1);

  /**
   * A secret of the SparkContext's configuration, as {@code --conf} at startup sets it: scheduled
   * refreshes, which run in no user's session, resolve it from there.
   */
  private static final String SECRET_CONF = KafkaSqlConf.secret("schedule_it_pw").key();

  private static SparkSession spark;
  private static EmbeddedKafka kafka;

  /** Like {@link io.github.sparkkafkasql.SharedSparkIT}, with the secret in the context's conf. */
  @BeforeAll
  static void startSpark(EmbeddedKafka broker) {
    kafka = broker;
    spark =
        SparkTestSessions.builder().config(SECRET_CONF, "not-needed-by-plaintext").getOrCreate();
    spark.conf().set(KafkaSqlConf.SCHEDULER_MIN_INTERVAL.key(), "1s");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static String source(String topic) {
    return "SELECT CAST(value::string:id AS INT) AS id, partition, offset FROM "
        + ReadKafkaSql.of(kafka.bootstrapServers())
            .subscribe(topic)
            .option("startingOffsets", "earliest")
            .optionSql("kafka.ssl.truststore.password", "secret('schedule_it_pw')")
            .stream();
  }

  private static Row counts(String table) {
    return spark.sql("SELECT count(*), count(DISTINCT partition, offset) FROM " + table).first();
  }

  private static Row shown(String table) {
    return spark.sql("SHOW STREAMING TABLES").collectAsList().stream()
        .filter(r -> r.getString(1).equals(table))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, String> described(String table) {
    return spark.sql("DESCRIBE STREAMING TABLE " + table).collectAsList().stream()
        .filter(r -> r.getString(1) != null)
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1), (a, b) -> b));
  }

  /** The last finished scheduled refresh in the table's history: a few files, cheap to poll. */
  private static JsonNode lastScheduled(String table) throws Exception {
    JsonNode last =
        RefreshHistory.lastScheduledRefresh(
            spark.sparkContext().hadoopConfiguration(),
            StreamingTables.loadStreamingTable(spark, List.of(table)));
    return last != null ? last : new ObjectMapper().createObjectNode();
  }

  private static String lastScheduledStatus(String table) {
    return shown(table).getAs("last_scheduled_refresh_status");
  }

  @Test
  void aScheduleLoadsNewRecordsExactlyOnceWithoutRefresh() throws Exception {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 20);
    spark.sql(
        "CREATE STREAMING TABLE sched_a SCHEDULE " + EVERY_THREE_SECONDS + " AS " + source(topic));
    assertThat(shown("sched_a").<String>getAs("schedule")).isEqualTo(EVERY_THREE_SECONDS);
    Path checkpoint = checkpoint("sched_a");
    TestTopics.produce(kafka, topic, 2, 20, 50);
    // Polled in the checkpoint, which costs no Spark job.
    Await.until(
        "scheduled refreshes commit offsets up to 50",
        TIMEOUT,
        () -> committedRecords(checkpoint) == 50);
    // Slowed down, the schedule runs nothing while the table is checked.
    spark.sql("ALTER STREAMING TABLE sched_a ALTER SCHEDULE EVERY 1 HOUR");
    Row c = counts("sched_a");
    assertThat(c.getLong(0)).isEqualTo(50);
    assertThat(c.getLong(1)).isEqualTo(50);
    Map<String, String> d = described("sched_a");
    assertThat(d).containsEntry("Schedule", "EVERY 1 HOUR");
    assertThat(Instant.parse(d.get("Next scheduled refresh at")))
        .isAfter(Instant.now().plus(Duration.ofMinutes(59)));
    assertThat(d).containsEntry("Last scheduled refresh status", "SUCCEEDED");
    assertThat(d).containsEntry("Last scheduled refresh trigger", "SCHEDULE");
    assertThat(d).doesNotContainKey("Scheduler");
    assertThat(lastScheduledStatus("sched_a")).isEqualTo("SUCCEEDED");
    List<String> name = List.of("spark_catalog", "default", "sched_a");
    assertThat(RefreshScheduler.running(spark).table(name).schedule.sql())
        .isEqualTo("EVERY 1 HOUR");

    // A rename moves the schedule at once, not at the scheduler's next catalog scan.
    spark.sql("ALTER TABLE sched_a RENAME TO sched_a2");
    List<String> renamed = List.of("spark_catalog", "default", "sched_a2");
    assertThat(RefreshScheduler.running(spark).table(name)).isNull();
    assertThat(RefreshScheduler.running(spark).table(renamed).schedule.sql())
        .isEqualTo("EVERY 1 HOUR");
    spark.sql("ALTER TABLE default.sched_a2 RENAME TO sched_a");
    assertThat(RefreshScheduler.running(spark).table(renamed)).isNull();
    assertThat(RefreshScheduler.running(spark).table(name)).isNotNull();

    spark.sql("ALTER STREAMING TABLE sched_a DROP SCHEDULE");
    assertThat(RefreshScheduler.running(spark).table(name)).isNull();
    assertThat(shown("sched_a").<String>getAs("schedule")).isNull();
    assertThat(shown("sched_a").<String>getAs("next_refresh_at")).isNull();
    spark.sql("DROP TABLE sched_a");
  }

  private static Path checkpoint(String table) {
    String location = spark.sql("DESCRIBE DETAIL " + table).first().getAs("location");
    return Paths.get(URI.create(location)).resolve("_kafka_sql/checkpoint-0");
  }

  /** Records up to the offsets of the last batch the checkpoint committed (one Kafka source). */
  private static long committedRecords(Path checkpoint) throws Exception {
    long last = CommitLog.batches(checkpoint).stream().mapToLong(Long::longValue).max().orElse(-1);
    if (last < 0) {
      return 0;
    }
    List<String> lines = Files.readAllLines(checkpoint.resolve("offsets/" + last));
    long sum = 0;
    for (JsonNode partitions : new ObjectMapper().readTree(lines.get(2))) {
      for (JsonNode offset : partitions) {
        sum += offset.asLong();
      }
    }
    return sum;
  }

  @Test
  void aFailedScheduledRefreshIsRecordedAndLaterOnesGoOn() throws Exception {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 10);
    spark.sql("CREATE STREAMING TABLE sched_b AS " + source(topic));
    // A Delta CHECK constraint the next records violate: each refresh fails until it is dropped.
    spark.sql("ALTER TABLE sched_b ADD CONSTRAINT small CHECK (id < 20)");
    TestTopics.produce(kafka, topic, 1, 10, 30);
    spark.sql("ALTER STREAMING TABLE sched_b ADD SCHEDULE " + EVERY_THREE_SECONDS);
    Await.until(
        "a failed scheduled refresh",
        TIMEOUT,
        POLL,
        () -> "FAILED".equals(lastScheduled("sched_b").path("status").asText()));
    Map<String, String> failed = described("sched_b");
    assertThat(failed).containsEntry("Last scheduled refresh status", "FAILED");
    assertThat(failed.get("Last scheduled refresh error message"))
        .contains("KAFKA_SQL_REFRESH_FAILED")
        .contains("small");
    assertThat(failed).containsEntry("Last refresh status", "FAILED");
    assertThat(lastScheduledStatus("sched_b")).isEqualTo("FAILED");
    String firstFailure = failed.get("Last scheduled refresh refresh id");
    Await.until(
        "a second failed scheduled refresh",
        TIMEOUT,
        POLL,
        () -> {
          JsonNode last = lastScheduled("sched_b");
          return "FAILED".equals(last.path("status").asText())
              && !firstFailure.equals(last.path("refresh_id").asText());
        });

    // Two metadata commits at once would fail one of them: pause the schedule (ALTER waits for a
    // running refresh) while the constraint goes, then resume it.
    spark.sql("ALTER STREAMING TABLE sched_b DROP SCHEDULE");
    spark.sql("ALTER TABLE sched_b DROP CONSTRAINT small");
    spark.sql("ALTER STREAMING TABLE sched_b ADD SCHEDULE " + EVERY_THREE_SECONDS);
    Await.until(
        "a successful scheduled refresh",
        TIMEOUT,
        POLL,
        () -> "SUCCEEDED".equals(lastScheduled("sched_b").path("status").asText()));
    Row c = counts("sched_b");
    assertThat(c.getLong(0)).isEqualTo(30);
    assertThat(c.getLong(1)).isEqualTo(30);
    spark.sql("DROP TABLE sched_b");
    assertThat(
            RefreshScheduler.running(spark).table(List.of("spark_catalog", "default", "sched_b")))
        .isNull();
  }
}
