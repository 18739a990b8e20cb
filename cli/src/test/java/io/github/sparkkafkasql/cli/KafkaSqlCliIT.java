package io.github.sparkkafkasql.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.KafkaBrokerExtension;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the CLI's entry point in-process against an embedded broker. The class starts the CLI's
 * Spark session once; each run reuses it, as the CLI does with a session it did not create.
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaSqlCliIT {

  @TempDir static Path dataDir;

  private static SparkSession spark;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start(EmbeddedKafka broker) {
    kafka = broker;
    spark = Sessions.builder(dataDir, Map.of("spark.sql.shuffle.partitions", "2")).getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void printsTheCountOfTheRecordsInATopic() {
    String topic = "clicks-" + UUID.randomUUID();
    kafka.createTopic(topic, 3);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 42; i++) {
      records.add(new ProducerRecord<>(topic, i % 3, 1_700_000_000_000L + i, null, bytes("v" + i)));
    }
    kafka.produce(records);

    Run run =
        run(
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "-e",
            "SELECT count(*) FROM " + ReadKafkaSql.of("${bootstrap}").subscribe(topic) + ";");

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).isEqualTo("42\n");
    assertThat(run.err).containsPattern("Time taken: \\d+\\.\\d{3} seconds, Fetched 1 row\\(s\\)");
  }

  @Test
  void stopsAtTheFirstFailingStatementWithItsErrorClass() {
    Run run = run("-e", "SELECT 'first'; SELECT * FROM no_such_table; SELECT 'never'");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out).isEqualTo("first\n");
    assertThat(run.err)
        .contains("[TABLE_OR_VIEW_NOT_FOUND]")
        .contains("`no_such_table`")
        .doesNotContain("\tat ");
  }

  /**
   * A statement that fails inside a Spark task is reported once, as its error; Spark's own logs of
   * the failing task, each with a stack trace, are off in the shell.
   */
  @Test
  void aFailureInATaskIsReportedOnceWithoutSparksTaskLogs() {
    String topic = "fails-" + UUID.randomUUID();
    kafka.createTopic(topic, 1);
    kafka.produce(List.of(new ProducerRecord<>(topic, 0, 1_700_000_000_000L, null, bytes("v"))));

    Run run =
        run(
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "-e",
            "SELECT assert_true(offset < 0, 'no such offset') FROM "
                + ReadKafkaSql.of("${bootstrap}").subscribe(topic));

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("no such offset").doesNotContain("\tat ");
    assertThat(org.apache.logging.log4j.LogManager.getLogger("org.apache.spark.executor.Executor"))
        .matches(l -> !l.isErrorEnabled(), "Spark's executor log is off");
    assertThat(
            org.apache.logging.log4j.LogManager.getLogger(
                "org.apache.spark.scheduler.TaskSetManager"))
        .matches(l -> !l.isWarnEnabled(), "Spark's task-set log is off");
  }

  @Test
  void aPlaceholderWithoutABrokerIsAUsageError() {
    Run run = run("-e", "SELECT * FROM " + ReadKafkaSql.of("${bootstrap}"));

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("--bootstrap-servers");
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of("--warehouse", dataDir.toString()));
    all.addAll(List.of(args));
    int code;
    try (PrintStream o = new PrintStream(out, true, UTF_8);
        PrintStream e = new PrintStream(err, true, UTF_8)) {
      code = KafkaSqlCli.commandLine(new KafkaSqlCli(o, e)).execute(all.toArray(String[]::new));
    }
    return new Run(code, out.toString(UTF_8), err.toString(UTF_8));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private record Run(int exitCode, String out, String err) {}
}
