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
 *
 * <p>A child JVM starting Spark with a Derby metastore takes long (minutes on a loaded machine), so
 * both tables live in one metastore and one last child resumes and checks both: the killed children
 * are the only others.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CrashSafetyIT {

  private static final int PARTITIONS = 3;

  /**
   * The default batch bound, lowered to 50 records per core (100 on a child's 2 cores, 7 batches
   * for the 600 records of {@code batches_t}, which sets no {@code maxOffsetsPerTrigger}); {@code
   * crash_t} sets {@code maxOffsetsPerTrigger}, which wins over it.
   */
  private static final List<String> BOUND =
      List.of("-Dspark.kafkaSql.refresh.batchRecordsPerCore=50");

  @Test
  void killedRefreshesLoseAndDuplicateNothing(EmbeddedKafka kafka) throws Exception {
    Path data = Files.createTempDirectory("crash-");
    String crashTopic = TestTopics.create(kafka, PARTITIONS);
    int produced = killThreeRefreshes(kafka, data, crashTopic);
    String batchesTopic = TestTopics.create(kafka, PARTITIONS);
    String afterSecond = killInTheThirdBatch(kafka, data, batchesTopic);

    File log = data.resolve("final.log").toFile();
    Process last =
        ChildSpark.start(
            data,
            log,
            BOUND,
            "REFRESH STREAMING TABLE crash_t",
            "SELECT count(*), count(DISTINCT partition, offset), count(DISTINCT k) FROM crash_t",
            "REFRESH STREAMING TABLE batches_t",
            "SELECT count(*), count(DISTINCT partition, offset) FROM batches_t");
    // A child JVM starting Spark with a Derby metastore takes minutes on a loaded machine, and
    // this one runs two refreshes (at load 27 the first alone took 7 minutes).
    assertThat(last.waitFor(15, TimeUnit.MINUTES)).as("see %s", log).isTrue();
    String out = Files.readString(log.toPath());
    assertThat(last.exitValue()).as(out).isZero();
    List<String> rows = out.lines().filter(l -> l.startsWith("ROW ")).toList();
    assertThat(rows).as(out).hasSize(4);

    // crash_t: every record once, after three kills.
    assertThat(rows.get(1)).isEqualTo("ROW " + produced + "\t" + produced + "\t" + produced);
    // Each killed refresh is in the history as KILLED, recorded by the refresh after it.
    List<String> statuses = historyStatuses(data.resolve("warehouse/crash_t/_kafka_sql/history"));
    assertThat(statuses).last().isEqualTo("SUCCEEDED");
    assertThat(statuses.subList(0, statuses.size() - 1)).isNotEmpty().containsOnly("KILLED");

    // batches_t: the refresh after the kill redid only the third batch, then loaded the rest.
    String[] refresh = rows.get(2).substring(4).split("\t");
    // batches (from the third to the last) and start_offsets: where the second batch ended.
    assertThat(Integer.parseInt(refresh[6])).as(out).isGreaterThan(1);
    assertThat(refresh[7]).as(out).isEqualTo(afterSecond);
    assertThat(rows.get(3)).isEqualTo("ROW 600\t600");
  }

  /**
   * Creates {@code crash_t} and refreshes it three times, each time in a child JVM SIGKILLed after
   * a random number of batches, with more records produced after each kill. Returns how many
   * records the topic then holds.
   */
  private static int killThreeRefreshes(EmbeddedKafka kafka, Path data, String topic)
      throws Exception {
    Random random = new Random(42);
    // 10 batches of 30 to start with, 5 more after each kill: every kill (after 3, 4 and 1 batches
    // with this seed) leaves at least 7 batches unread, so no refresh can finish before its kill.
    TestTopics.produce(kafka, topic, PARTITIONS, 0, 300);
    int produced = 300;
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
    return produced;
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
   * ({@link #BOUND}): killed during its third batch, the refresh has committed two, and the next
   * refresh redoes only the third. Kills the CREATE of {@code batches_t} so, and returns the source
   * offsets where its second batch ended.
   */
  private static String killInTheThirdBatch(EmbeddedKafka kafka, Path data, String topic)
      throws Exception {
    TestTopics.produce(kafka, topic, PARTITIONS, 0, 600);
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
    File log = data.resolve("batches.log").toFile();
    Process child = ChildSpark.start(data, log, BOUND, create);
    Await.until(
        "the third batch to start (see " + log + ")",
        Duration.ofMinutes(10),
        () -> !offsetsLogged(table, 2).isEmpty() || !child.isAlive());
    child.destroyForcibly().waitFor();
    assertThat(CommitLog.batchesInAllGenerations(table))
        .as("batches committed when killed (see %s)", log)
        .isEqualTo(2);
    return offsetsLogged(table, 1);
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
    Process child = ChildSpark.start(data, log, BOUND, sql);
    // The child's start alone may take minutes on a loaded machine; the deadline only bounds a
    // failing run.
    Await.until(
        "batches committed by " + sql + " (see " + log + ")",
        Duration.ofMinutes(10),
        () -> committedBatches(data) >= before + batches || !child.isAlive());
    child.destroyForcibly().waitFor();
  }

  /** Batches in the table's checkpoint commit log (counted across generations). */
  private static int committedBatches(Path data) throws IOException {
    return CommitLog.batchesInAllGenerations(data.resolve("warehouse").resolve("crash_t"));
  }
}
