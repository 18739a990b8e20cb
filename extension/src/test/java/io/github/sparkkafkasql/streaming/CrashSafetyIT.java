package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkkafkasql.Await;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.KafkaBrokerExtension;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kills a JVM running REFRESH with SIGKILL at random points, several times, and checks that the
 * next REFRESH finishes the job: the table then holds every record of the topic exactly once.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CrashSafetyIT {

  private static final int PARTITIONS = 3;

  @Test
  void killedRefreshesLoseAndDuplicateNothing(EmbeddedKafka kafka) throws Exception {
    Path data = Files.createTempDirectory("crash-");
    String topic = TestTopics.create(kafka, PARTITIONS);
    Random random = new Random(42);
    int produced = 0;
    TestTopics.produce(kafka, topic, PARTITIONS, 0, 600);
    produced = 600;
    String create =
        "CREATE STREAMING TABLE crash_t AS SELECT CAST(key AS STRING) AS k, partition, offset"
            + " FROM "
            + ReadKafkaSql.of(kafka.bootstrapServers())
                .subscribe(topic)
                .option("startingOffsets", "earliest")
                .option("maxOffsetsPerTrigger", 30)
                .stream();
    for (int round = 0; round < 3; round++) {
      String sql = round == 0 ? create : "REFRESH STREAMING TABLE crash_t";
      killMidway(data, sql, 1 + random.nextInt(6), round);
      TestTopics.produce(kafka, topic, PARTITIONS, produced, produced + 150);
      produced += 150;
    }
    File log = data.resolve("final.log").toFile();
    Process last =
        ChildSpark.start(
            data,
            log,
            "REFRESH STREAMING TABLE crash_t",
            "SELECT count(*), count(DISTINCT partition, offset), count(DISTINCT k) FROM crash_t");
    assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();
    List<String> rows =
        Files.readAllLines(log.toPath()).stream().filter(l -> l.startsWith("ROW ")).toList();
    assertThat(last.exitValue()).as(Files.readString(log.toPath())).isZero();
    assertThat(rows.get(rows.size() - 1))
        .isEqualTo("ROW " + produced + "\t" + produced + "\t" + produced);
    // Each killed refresh is in the history as KILLED, recorded by the refresh after it.
    List<String> statuses = historyStatuses(data.resolve("warehouse/crash_t/_kafka_sql/history"));
    assertThat(statuses).last().isEqualTo("SUCCEEDED");
    assertThat(statuses.subList(0, statuses.size() - 1)).isNotEmpty().containsOnly("KILLED");
  }

  private static List<String> historyStatuses(Path history) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> statuses = new ArrayList<>();
    try (Stream<Path> files = Files.list(history)) {
      for (Path f :
          files
              .filter(f -> f.getFileName().toString().matches("\\d{20}\\.json"))
              .sorted()
              .toList()) {
        statuses.add(json.readTree(f.toFile()).get("status").asText());
      }
    }
    return statuses;
  }

  /**
   * A backlog without {@code maxOffsetsPerTrigger} is loaded in batches of the default bound
   * (lowered here to 50 records per core: 100 on the child's 2 cores, 7 batches): killed during its
   * third batch, the refresh has committed two, and the next refresh redoes only the third.
   */
  @Test
  void aRefreshKilledInItsThirdBatchResumesAfterTheSecond(EmbeddedKafka kafka) throws Exception {
    Path data = Files.createTempDirectory("crash-batches-");
    String topic = TestTopics.create(kafka, PARTITIONS);
    int produced = 600;
    TestTopics.produce(kafka, topic, PARTITIONS, 0, produced);
    List<String> bound = List.of("-Dspark.kafkaSql.refresh.batchRecordsPerCore=50");
    // Each record sleeps 20 ms (reflect gives the string 'null' for a void method), so a batch
    // of 100 takes a second or more: time to kill it.
    String create =
        "CREATE STREAMING TABLE batches_t AS SELECT CAST(key AS STRING) AS k, partition, offset"
            + " FROM "
            + ReadKafkaSql.of(kafka.bootstrapServers())
                .subscribe(topic)
                .option("startingOffsets", "earliest")
                .stream()
            + " WHERE reflect('java.lang.Thread', 'sleep', CAST(20 AS BIGINT)) IS NOT NULL";
    Path table = data.resolve("warehouse").resolve("batches_t");
    File firstLog = data.resolve("create.log").toFile();
    Process child = ChildSpark.start(data, firstLog, bound, create);
    Await.until(
        "the third batch to start (see " + firstLog + ")",
        Duration.ofMinutes(3),
        () -> !offsetsLogged(table, 2).isEmpty() || !child.isAlive());
    child.destroyForcibly().waitFor();
    assertThat(CommitLog.batchesInAllGenerations(table))
        .as("batches committed when killed (see %s)", firstLog)
        .isEqualTo(2);
    String afterSecond = offsetsLogged(table, 1);

    File log = data.resolve("resume.log").toFile();
    Process resume =
        ChildSpark.start(
            data,
            log,
            bound,
            "REFRESH STREAMING TABLE batches_t",
            "SELECT count(*), count(DISTINCT partition, offset) FROM batches_t");
    // A child JVM starting Spark with a Derby metastore takes minutes on a loaded machine.
    assertThat(resume.waitFor(10, TimeUnit.MINUTES)).as("see %s", log).isTrue();
    String out = Files.readString(log.toPath());
    assertThat(resume.exitValue()).as(out).isZero();
    List<String> rows = out.lines().filter(l -> l.startsWith("ROW ")).toList();
    String[] refresh = rows.get(0).substring(4).split("\t");
    // batches (from the third to the last) and start_offsets: where the second batch ended.
    assertThat(Integer.parseInt(refresh[6])).as(out).isGreaterThan(1);
    assertThat(refresh[7]).as(out).isEqualTo(afterSecond);
    assertThat(rows.get(1)).isEqualTo("ROW " + produced + "\t" + produced);
  }

  /**
   * The source offsets where batch {@code id} of the table's checkpoint ends (the last line of its
   * offset log entry), or "" before Spark has logged that batch.
   */
  private static String offsetsLogged(Path table, int id) throws IOException {
    try (var generations = Files.newDirectoryStream(table.resolve("_kafka_sql"), "checkpoint-*")) {
      for (Path generation : generations) {
        Path file = generation.resolve("offsets").resolve(String.valueOf(id));
        if (Files.exists(file)) {
          List<String> lines = Files.readAllLines(file);
          return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
      }
    } catch (java.nio.file.NoSuchFileException notYet) {
      return "";
    }
    return "";
  }

  /** Starts the statement in a child JVM and SIGKILLs it once it has committed some batches. */
  private static void killMidway(Path data, String sql, int batches, int round) throws Exception {
    File log = data.resolve("round-" + round + ".log").toFile();
    int before = committedBatches(data);
    Process child = ChildSpark.start(data, log, sql);
    Await.until(
        "batches committed by " + sql + " (see " + log + ")",
        Duration.ofMinutes(3),
        () -> committedBatches(data) >= before + batches || !child.isAlive());
    child.destroyForcibly().waitFor();
  }

  /** Batches in the table's checkpoint commit log (counted across generations). */
  private static int committedBatches(Path data) throws IOException {
    return CommitLog.batchesInAllGenerations(data.resolve("warehouse").resolve("crash_t"));
  }
}
