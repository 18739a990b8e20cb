package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The Spark Thrift server's model, without its jar (not available to this build): every JDBC
 * connection is a {@code newSession()} of one shared context, statements run concurrently from a
 * thread pool, and each result is collected as a JDBC client would receive it.
 */
class SessionModelIT extends SharedSparkIT {

  /** What a JDBC client gets: the rows, or the error class and message. */
  private static String run(SparkSession session, String sql) {
    try {
      List<String> rows = new ArrayList<>();
      for (Row r : session.sql(sql).collectAsList()) {
        rows.add(r.mkString("|"));
      }
      return String.join("\n", rows);
    } catch (Exception e) {
      return "ERROR "
          + (e instanceof SparkThrowable st ? st.getCondition() : e.getClass().getName());
    }
  }

  @Test
  void concurrentSessionsReadCreateAndRefresh(EmbeddedKafka kafka) throws Exception {
    String topic = TestTopics.create(kafka, 3);
    TestTopics.produce(kafka, topic, 3, 0, 60);
    String read =
        ReadKafkaSql.of(kafka.bootstrapServers())
            .subscribe(topic)
            .option("startingOffsets", "earliest")
            .sql();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> batch = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        SparkSession s = spark.newSession();
        batch.add(pool.submit(() -> run(s, "SELECT count(*) FROM " + read)));
      }
      for (Future<String> f : batch) {
        assertThat(f.get()).isEqualTo("60");
      }
      List<Future<String>> creates = new ArrayList<>();
      for (String t : List.of("sm_a", "sm_b")) {
        SparkSession s = spark.newSession();
        creates.add(
            pool.submit(
                () ->
                    run(
                        s,
                        "CREATE STREAMING TABLE "
                            + t
                            + " AS SELECT partition, offset FROM STREAM "
                            + read)));
      }
      for (Future<String> f : creates) {
        assertThat(f.get()).startsWith("sm_").contains("|60|0|");
      }
      TestTopics.produce(kafka, topic, 3, 60, 90);
      SparkSession s1 = spark.newSession();
      SparkSession s2 = spark.newSession();
      Future<String> r1 = pool.submit(() -> run(s1, "REFRESH STREAMING TABLE sm_a"));
      Future<String> r2 = pool.submit(() -> run(s2, "REFRESH STREAMING TABLE sm_a"));
      Future<String> r3 =
          pool.submit(() -> run(spark.newSession(), "REFRESH STREAMING TABLE sm_b"));
      List<String> sameTable = List.of(r1.get(), r2.get());
      assertThat(r3.get()).contains("|30|0|");
      // Either both ran one after the other (30 then 0 rows) or one was refused while the other
      // ran.
      assertThat(sameTable).anySatisfy(r -> assertThat(r).contains("|30|0|"));
      assertThat(sameTable)
          .allSatisfy(
              r ->
                  assertThat(r)
                      .matches("(?s)(sm_a\\|(30|0)\\|0\\|.*|ERROR KAFKA_SQL_REFRESH_IN_PROGRESS)"));
      for (String t : List.of("sm_a", "sm_b")) {
        assertThat(
                run(
                    spark.newSession(),
                    "SELECT count(*), count(DISTINCT partition, offset) FROM " + t))
            .isEqualTo("90|90");
      }
      assertThat(run(spark.newSession(), "REFRESH STREAMING TABLE no_such_table"))
          .isEqualTo("ERROR TABLE_OR_VIEW_NOT_FOUND");
    } finally {
      pool.shutdownNow();
      spark.sql("DROP TABLE IF EXISTS sm_a");
      spark.sql("DROP TABLE IF EXISTS sm_b");
    }
  }
}
