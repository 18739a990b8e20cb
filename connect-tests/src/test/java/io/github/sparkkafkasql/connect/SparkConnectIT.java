package io.github.sparkkafkasql.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.KafkaBrokerExtension;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's Connect JVM client against {@code bin/kafka-sql --serve}: SQL goes over gRPC to the
 * server's sessions, results and errors come back. One server for the class, stopped with SIGTERM
 * at the end; the broker lives in this JVM and the server reads it through {@code
 * --bootstrap-servers}.
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SparkConnectIT {

  @TempDir static Path dataDir;

  private static EmbeddedKafka kafka;
  private static ServeProcess server;
  private static String url;
  private static SparkSession spark;

  @BeforeAll
  static void startServer(EmbeddedKafka broker) throws Exception {
    kafka = broker;
    server =
        ServeProcess.start(
            dataDir,
            Path.of("target", "connect-server.log"),
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--conf",
            "spark.sql.shuffle.partitions=2");
    url = server.awaitAddress(3, TimeUnit.MINUTES);
    spark = SparkSession.builder().remote(url).getOrCreate();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (spark != null) {
      spark.close();
    }
    if (server == null) {
      return;
    }
    int status = server.terminate(2, TimeUnit.MINUTES);
    String log = server.log();
    // 143 = 128 + SIGTERM: the JVM ran its shutdown, and the server stopped in its own order.
    assertThat(status).as(log).isEqualTo(143);
    assertThat(log).contains("Stopping the Spark Connect server...", "Stopped.");
    // Releasing a session clears its ML cache: without Spark's ML classes every release fails.
    // (Not every RPC error: the JVM client sends its last ReleaseExecute asynchronously, and when
    // a session is closed first, the server logs that one as INVALID_HANDLE.SESSION_CLOSED.)
    assertThat(log)
        .doesNotContain("Spark Connect RPC error during: releaseSession")
        .doesNotContain("ClassNotFound");
  }

  @Test
  void theServerListensOnLoopback() {
    assertThat(url).startsWith("sc://127.0.0.1:");
  }

  @Test
  void batchReadKafkaReturnsEachRecord() {
    String topic = topic(2);
    produce(topic, 2, 0, 6);

    List<Row> rows =
        spark
            .sql(
                "SELECT CAST(key AS STRING) AS k, CAST(value AS STRING) AS v, partition, offset"
                    + " FROM "
                    + readKafka(topic)
                    + " ORDER BY k")
            .collectAsList();

    assertThat(rows.stream().map(Row::toString))
        .containsExactly(
            "[k0,v0,0,0]",
            "[k1,v1,1,0]",
            "[k2,v2,0,1]",
            "[k3,v3,1,1]",
            "[k4,v4,0,2]",
            "[k5,v5,1,2]");
  }

  @Test
  void aStreamingTableLoadsEachRecordOnce() {
    String topic = topic(2);
    String table = "clicks_" + suffix();
    produce(topic, 2, 0, 10);

    Row created = createStreamingTable(spark, table, topic);
    assertThat(created.<Long>getAs("rows_written")).isEqualTo(10L);

    produce(topic, 2, 10, 17);
    Row refreshed = spark.sql("REFRESH STREAMING TABLE " + table).first();
    assertThat(refreshed.<Long>getAs("rows_written")).isEqualTo(7L);
    Row again = spark.sql("REFRESH STREAMING TABLE " + table).first();
    assertThat(again.<Long>getAs("rows_written")).isZero();

    Row counts =
        spark
            .sql(
                "SELECT count(*), count(DISTINCT k), count(DISTINCT partition, offset),"
                    + " min(CAST(substr(k, 2) AS INT)), max(CAST(substr(k, 2) AS INT)) FROM "
                    + table)
            .first();
    assertThat(counts.toString()).isEqualTo("[17,17,17,0,16]");
  }

  @Test
  void ourErrorsLeaveTheServerWithConditionParametersAndMessage() throws Exception {
    String topic = topic(1);
    try (WireSession wire = new WireSession(url)) {
      WireSession.Failure missing = wire.failure("SELECT * FROM " + readKafka(topic + "x"));
      assertThat(missing.metadata())
          .containsEntry("errorClass", "KAFKA_SQL_TOPIC_NOT_FOUND")
          .containsEntry("sqlState", "42P01");
      assertThat(missing.metadata().get("classes"))
          .contains("org.apache.spark.sql.AnalysisException");
      // As PySpark asks for it: its AnalysisException, untouched by the JVM client's fix below.
      assertThat(missing.types()).contains("org.apache.spark.sql.AnalysisException");
      assertThat(missing.condition()).isEqualTo("KAFKA_SQL_TOPIC_NOT_FOUND");
      assertThat(missing.sqlState()).isEqualTo("42P01");
      assertThat(missing.parameters()).containsEntry("topics", "`" + topic + "x`");
      assertThat(missing.message())
          .startsWith("[KAFKA_SQL_TOPIC_NOT_FOUND] Topic `" + topic + "x` does not exist")
          .contains("Did you mean `" + topic + "`");

      WireSession.Failure invalid =
          wire.failure("SELECT * FROM " + readKafka(topic).option("minPartitions", 0));
      assertThat(invalid.condition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
      assertThat(invalid.parameters()).containsEntry("option", "minPartitions");
      assertThat(invalid.message()).contains("minPartitions");

      wire.run("SET spark.kafkaSql.connectTimeout=7s");
      WireSession.Failure unreachable =
          wire.failure("SELECT * FROM " + ReadKafkaSql.of("127.0.0.1:1").subscribe(topic));
      assertThat(unreachable.condition()).isEqualTo("KAFKA_SQL_BROKER_UNREACHABLE");
      assertThat(unreachable.parameters()).containsEntry("timeout", "7 s");
      assertThat(unreachable.message()).contains("127.0.0.1:1").contains("connection refused");
    }
  }

  @Test
  void theJvmClientGetsErrorsOfSparksConditionsWhole() {
    String topic = topic(1);

    AnalysisException misspelled =
        failure(spark, readKafka(topic).option("startingOffset", "x").sql());
    assertThat(misspelled.getCondition()).isEqualTo("UNRECOGNIZED_PARAMETER_NAME");
    assertThat(misspelled.getMessageParameters()).containsEntry("argumentName", "`startingOffset`");
    assertThat(misspelled.getMessage()).contains("`startingOffsets`");

    AnalysisException noTable = failure(spark, "no_such_table_" + suffix());
    assertThat(noTable.getCondition()).isEqualTo("TABLE_OR_VIEW_NOT_FOUND");
    assertThat(noTable.getSqlState()).isEqualTo("42P01");
  }

  /**
   * Spark 4.2's JVM client rebuilds an AnalysisException's message from its own copy of Spark's
   * error conditions, which has neither ours nor Delta's: on its own it would throw INTERNAL_ERROR
   * and lose the message. The server's JvmClientErrors interceptor (set by --serve) sends such
   * errors as SparkException, which the client builds from the server's message.
   */
  @Test
  void theJvmClientGetsOurErrorsWithConditionParametersAndMessage() {
    String topic = topic(1);

    SparkException e =
        catchThrowableOfType(
            SparkException.class,
            () -> spark.sql("SELECT * FROM " + readKafka(topic + "x")).collectAsList());

    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_TOPIC_NOT_FOUND");
    assertThat(e.getMessageParameters()).containsEntry("topics", "`" + topic + "x`");
    assertThat(e.getMessage())
        .startsWith("[KAFKA_SQL_TOPIC_NOT_FOUND] Topic `" + topic + "x` does not exist")
        .contains("Did you mean `" + topic + "`");

    String plain = "plain_" + suffix();
    spark.sql("CREATE TABLE " + plain + " (x INT) USING parquet");
    try {
      SparkException notStreaming =
          catchThrowableOfType(
              SparkException.class,
              () -> spark.sql("REFRESH STREAMING TABLE " + plain).collectAsList());
      assertThat(notStreaming.getCondition()).isEqualTo("KAFKA_SQL_NOT_A_STREAMING_TABLE");
      assertThat(notStreaming.getMessage()).contains(plain);

      // Delta's conditions are not in Spark's list either.
      SparkException deltaOnly =
          catchThrowableOfType(
              SparkException.class, () -> spark.sql("DESCRIBE HISTORY " + plain).collectAsList());
      assertThat(deltaOnly.getCondition()).startsWith("DELTA_");
      assertThat(deltaOnly.getMessage()).startsWith("[" + deltaOnly.getCondition() + "]");
    } finally {
      spark.sql("DROP TABLE " + plain);
    }
  }

  @Test
  void twoSessionsWorkAtOnceWithTheirOwnSettings() throws Exception {
    String topicA = topic(1);
    String topicB = topic(2);
    String tableA = "a_" + suffix();
    String tableB = "b_" + suffix();
    produce(topicA, 1, 0, 5);
    produce(topicB, 2, 0, 8);
    try (SparkSession a = SparkSession.builder().remote(url).create();
        SparkSession b = SparkSession.builder().remote(url).create()) {
      // Settings and temporary views are per session; the extension reads its settings per
      // session too: streaming tables that A creates keep their state under A's stateRoot.
      String stateRoot = dataDir.resolve("state-a").toString();
      a.conf().set("spark.kafkaSql.stateRoot", stateRoot);
      a.sql("CREATE TEMPORARY VIEW only_in_a AS SELECT 1 AS one");
      assertThat(b.conf().get("spark.kafkaSql.stateRoot", "unset")).isEqualTo("unset");
      assertThat(failure(b, "only_in_a").getCondition()).isEqualTo("TABLE_OR_VIEW_NOT_FOUND");

      List<Row> created =
          both(
              () -> createStreamingTable(a, tableA, topicA),
              () -> createStreamingTable(b, tableB, topicB));
      assertThat(created.stream().map(r -> r.<Long>getAs("rows_written"))).containsExactly(5L, 8L);

      produce(topicA, 1, 5, 8);
      produce(topicB, 2, 8, 12);
      List<Row> refreshed =
          both(
              () -> a.sql("REFRESH STREAMING TABLE " + tableA).first(),
              () -> b.sql("REFRESH STREAMING TABLE " + tableB).first());
      assertThat(refreshed.stream().map(r -> r.<Long>getAs("rows_written")))
          .containsExactly(3L, 4L);

      // The catalog is shared: each session sees the other's table, with every record once.
      String counts = "SELECT (SELECT count(*) FROM %s), (SELECT count(*) FROM %s)";
      assertThat(b.sql(String.format(counts, tableA, tableB)).first().toString())
          .isEqualTo("[8,12]");
      assertThat(a.sql(String.format(counts, tableA, tableB)).first().toString())
          .isEqualTo("[8,12]");
      assertThat(stateLocation(b, tableA)).contains(stateRoot);
      assertThat(stateLocation(a, tableB)).doesNotContain(stateRoot);
    }
  }

  private static String stateLocation(SparkSession session, String table) {
    return session.sql("DESCRIBE STREAMING TABLE " + table).collectAsList().stream()
        .filter(r -> r.getString(0).equals("State location"))
        .map(r -> r.getString(1))
        .findFirst()
        .orElseThrow();
  }

  /** Runs both at the same moment on two threads; their results in order. */
  private static <T> List<T> both(Callable<T> first, Callable<T> second) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CyclicBarrier start = new CyclicBarrier(2);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : List.of(first, second)) {
        futures.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  return task.call();
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(3, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Row createStreamingTable(SparkSession session, String table, String topic) {
    return session
        .sql(
            "CREATE STREAMING TABLE "
                + table
                + " AS SELECT CAST(key AS STRING) AS k, CAST(value AS STRING) AS v, partition,"
                + " offset FROM "
                + readKafka(topic).option("startingOffsets", "earliest").stream())
        .first();
  }

  private static AnalysisException failure(SparkSession session, String from) {
    return catchThrowableOfType(
        AnalysisException.class, () -> session.sql("SELECT * FROM " + from).collectAsList());
  }

  private static ReadKafkaSql readKafka(String topic) {
    return ReadKafkaSql.of(kafka.bootstrapServers()).subscribe(topic);
  }

  private static String topic(int partitions) {
    return kafka.createUniqueTopic(partitions);
  }

  private static String suffix() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** Records {@code from} until {@code to}: key "k<i>", value "v<i>", partition i % partitions. */
  private static void produce(String topic, int partitions, int from, int to) {
    kafka.produce(EmbeddedKafka.numberedRecords(topic, partitions, from, to, i -> "v" + i));
  }
}
