package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.SparkTestSessions;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.kafka.ClientTimeouts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A broker that goes away during a refresh (issue 16). The class stops and restarts its own broker
 * (same port, same log directory), so it does not share the JVM's broker with other classes. Each
 * test leaves it running.
 */
class BrokerDownIT {

  private static final long CONNECT_TIMEOUT_MS = 5_000;

  private static EmbeddedKafka kafka;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    spark = SparkTestSessions.create();
    spark.conf().set("spark.kafkaSql.connectTimeout", CONNECT_TIMEOUT_MS + "ms");
  }

  @AfterAll
  static void stop() {
    spark.stop();
    kafka.close();
  }

  @Test
  void aBrokerDownDuringARefreshFailsItInBoundedTimeAndTheNextRefreshLoadsWhatIsMissing()
      throws Exception {
    String topic = kafka.createUniqueTopic(2);
    TestTopics.produce(kafka, topic, 2, 0, 20);
    spark.sql(
        "CREATE STREAMING TABLE down AS SELECT CAST(value::string:id AS INT) AS id, partition,"
            + " offset FROM STREAM read_kafka(bootstrapServers => '"
            + kafka.bootstrapServers()
            + "', subscribe => '"
            + topic
            + "', startingOffsets => 'earliest')");
    // 100 more records: a refresh of 25 batches (2 records per core of the session's 2), stopped
    // once its first batch is in the table. The bound is a session setting rather than the
    // definition's maxOffsetsPerTrigger, so that the refresh after the broker is back loads the
    // rest in one batch rather than 25.
    spark.conf().set("spark.kafkaSql.refresh.batchRecordsPerCore", "2");
    TestTopics.produce(kafka, topic, 2, 20, 120);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    long stoppedAt;
    java.time.Instant stoppedInstant;
    Throwable failure;
    try {
      Future<?> refresh = pool.submit(() -> spark.sql("REFRESH STREAMING TABLE down"));
      awaitRows("down", 21);
      stoppedAt = System.nanoTime();
      stoppedInstant = java.time.Instant.now();
      kafka.stop();
      failure =
          catchThrowableOfType(ExecutionException.class, () -> refresh.get(5, TimeUnit.MINUTES))
              .getCause();
    } finally {
      pool.shutdownNow();
    }
    long failedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);

    assertThat(failure).isInstanceOf(AnalysisException.class);
    AnalysisException e = (AnalysisException) failure;
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_REFRESH_BROKER_UNREACHABLE");
    assertThat(e.getMessageParameters())
        .containsEntry("servers", kafka.bootstrapServers())
        .containsEntry("timeout", "5 s")
        .containsEntry("timeoutConf", "spark.kafkaSql.connectTimeout");
    assertThat(e.getMessageParameters().get("table")).contains("down");
    assertThat(e.getMessageParameters().get("reason")).contains("connection refused");
    // The refresh gave up after the connect timeout, one probe interval and stopping the query
    // (its recorded outcome says when), not after Spark's minutes of retries. Recording the
    // outcome is a Delta commit, which takes long on a loaded machine: the bound on the statement
    // as a whole is looser.
    long gaveUpAfterMs = gaveUpAfterMs("down", stoppedInstant);
    LoggerFactory.getLogger(BrokerDownIT.class)
        .warn(
            "Broker stopped: the refresh gave up after {} ms, the statement failed after {} ms",
            gaveUpAfterMs,
            failedAfterMs);
    assertThat(gaveUpAfterMs).isLessThan(CONNECT_TIMEOUT_MS + 10_000);
    assertThat(failedAfterMs).isLessThan(CONNECT_TIMEOUT_MS + 90_000);

    // Only whole batches are in the table: no duplicate, each partition a prefix of its offsets.
    long loaded = spark.sql("SELECT count(*) FROM down").first().getLong(0);
    assertThat(loaded).isBetween(21L, 119L);
    assertThat(counts("down")).isEqualTo(loaded + "/" + loaded + "/" + loaded);
    List<Row> partitions =
        spark.sql("SELECT count(*), max(offset) FROM down GROUP BY partition").collectAsList();
    partitions.forEach(r -> assertThat(r.getLong(0)).isEqualTo(r.getLong(1) + 1));
    // The failed refresh's history entry counts the batches it committed before the broker went:
    // their rows stay in the table and no refresh reads them again.
    Row failedEntry =
        spark
            .sql(
                "SELECT status, error_condition, rows_written, batches FROM event_log('down')"
                    + " ORDER BY seq DESC LIMIT 1")
            .first();
    assertThat(failedEntry.getString(0)).isEqualTo("FAILED");
    assertThat(failedEntry.getString(1)).isEqualTo("KAFKA_SQL_REFRESH_BROKER_UNREACHABLE");
    assertThat(failedEntry.getLong(2)).isEqualTo(loaded - 20);
    assertThat(((Number) failedEntry.get(3)).longValue()).isPositive();

    // While the broker is down a refresh fails before it starts, naming the broker.
    java.time.Instant before = java.time.Instant.now();
    AnalysisException down =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE down"));
    assertThat(down.getCondition()).isEqualTo("KAFKA_SQL_BROKER_UNREACHABLE");
    assertThat(down.getMessageParameters()).containsEntry("servers", kafka.bootstrapServers());
    assertThat(gaveUpAfterMs("down", before)).isLessThan(CONNECT_TIMEOUT_MS);

    kafka.restart();
    spark.conf().unset("spark.kafkaSql.refresh.batchRecordsPerCore");
    long restarted = System.nanoTime();
    Row refreshed = spark.sql("REFRESH STREAMING TABLE down").first();
    // It waits for the stopped run to close its Kafka clients: about the connect timeout at most
    // (minutes once, before metadata.max.age.ms was bounded), plus the load on a busy machine.
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted))
        .isLessThan(CONNECT_TIMEOUT_MS + 90_000);
    assertThat(refreshed.getLong(refreshed.fieldIndex("rows_written"))).isEqualTo(120 - loaded);
    assertThat(counts("down")).isEqualTo("120/120/120");
  }

  /**
   * When a query stops, Spark closes its driver's Kafka admin client with no time limit, and the
   * next refresh of the table waits for that. An admin whose offset request the broker's outage cut
   * off, closed while the broker is away and returning 3 s later, took 298 s to close with Kafka's
   * default metadata age (5 minutes). With the settings read_kafka gives Spark's clients it closes
   * within about the connect timeout of the broker's return.
   */
  @Test
  void sparksAdminClientClosesSoonAfterTheBrokerIsBack() throws Exception {
    String topic = kafka.createUniqueTopic(2);
    Properties props = new Properties();
    // What Spark's driver gets: the read's kafka.* options without their prefix.
    ClientTimeouts.derive(Map.of(), CONNECT_TIMEOUT_MS)
        .forEach(
            (key, value) -> {
              if (key.startsWith("kafka.")) {
                props.put(key.substring("kafka.".length()), value);
              }
            });
    props.put("bootstrap.servers", kafka.bootstrapServers());
    Map<TopicPartition, OffsetSpec> latest =
        Map.of(
            new TopicPartition(topic, 0), OffsetSpec.latest(),
            new TopicPartition(topic, 1), OffsetSpec.latest());
    Admin admin = Admin.create(props);
    ExecutorService closer = Executors.newSingleThreadExecutor();
    try {
      admin.listOffsets(latest).all().get();
      kafka.stop();
      // The query's thread was waiting for offsets when it was stopped: the request stays.
      KafkaFuture<?> cutOff = admin.listOffsets(latest).all();
      catchThrowableOfType(
          java.util.concurrent.TimeoutException.class,
          () -> cutOff.get(1_500, TimeUnit.MILLISECONDS));
      Future<?> closed = closer.submit(() -> admin.close());
      LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
      kafka.restart();
      assertThat(closed)
          .as("Spark's admin client closing after the broker came back")
          .succeedsWithin(Duration.ofMillis(2 * CONNECT_TIMEOUT_MS));
    } finally {
      // A second close with no grace period ends a close still waiting.
      admin.close(Duration.ZERO);
      closer.shutdownNow();
    }
  }

  /** count(*), distinct (partition, offset) and distinct ids of the table. */
  private static String counts(String table) {
    Row r =
        spark
            .sql(
                "SELECT count(*), count(DISTINCT partition, offset), count(DISTINCT id) FROM "
                    + table)
            .first();
    return r.getLong(0) + "/" + r.getLong(1) + "/" + r.getLong(2);
  }

  /**
   * When the last refresh gave up, after {@code start}: the finish time of its row in the refresh
   * history, taken before the row is written (slow on a loaded machine).
   */
  private static long gaveUpAfterMs(String table, java.time.Instant start) {
    java.sql.Timestamp gaveUp =
        spark
            .sql("SELECT finished_at FROM event_log('" + table + "') ORDER BY seq DESC LIMIT 1")
            .first()
            .getTimestamp(0);
    return java.time.Duration.between(start, gaveUp.toInstant()).toMillis();
  }

  private static void awaitRows(String table, long rows) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (spark.sql("SELECT count(*) FROM " + table).first().getLong(0) < rows) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(table + " did not reach " + rows + " rows");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }
}
