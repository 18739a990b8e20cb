package io.github.sparkkafkasql.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.KafkaBrokerExtension;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import io.github.sparkkafkasql.streaming.ChildSpark;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A schedule outlives the application that set it: a new JVM over the same (Derby) metastore finds
 * the scheduled table in the catalog and refreshes it without any REFRESH, starting with one
 * catch-up refresh for the fire times it missed.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ScheduleRestartIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aNewApplicationResumesTheScheduleWithOneCatchUp(EmbeddedKafka kafka) throws Exception {
    Path data = Files.createTempDirectory("schedule-restart-");
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 20);
    // The first application runs no scheduler: only the second one refreshes.
    run(
        data,
        "first",
        List.of("-D" + KafkaSqlConf.SCHEDULER_ENABLED.key() + "=false"),
        "SET " + KafkaSqlConf.SCHEDULER_MIN_INTERVAL.key() + " = 1s",
        "CREATE STREAMING TABLE resumed SCHEDULE CRON '0/3 * * * * ?'"
            + " AS SELECT CAST(key AS STRING) AS k, partition, offset"
            + " FROM "
            + ReadKafkaSql.of(kafka.bootstrapServers())
                .subscribe(topic)
                .option("startingOffsets", "earliest")
                .stream());
    TestTopics.produce(kafka, topic, 2, 20, 50);

    List<String> rows =
        run(
            data,
            "second",
            List.of(),
            "AWAIT 50|SELECT count(*) FROM resumed",
            // Quiet for the count and the stop: no more refreshes every 3 seconds.
            "ALTER STREAMING TABLE resumed ALTER SCHEDULE EVERY 1 HOUR",
            "SELECT count(*), count(DISTINCT partition, offset) FROM resumed");
    assertThat(rows).last().isEqualTo("ROW 50\t50");
    assertThat(catchUpRefreshes(data)).hasSize(1);
  }

  /** Runs the statements in a child JVM and returns its result rows. */
  private static List<String> run(Path data, String name, List<String> jvmOptions, String... sql)
      throws Exception {
    File log = data.resolve(name + ".log").toFile();
    Process child = ChildSpark.start(data, log, jvmOptions, sql);
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("child " + name + " finished").isTrue();
    String output = Files.readString(log.toPath());
    assertThat(child.exitValue()).as(output).isZero();
    return output.lines().filter(l -> l.startsWith("ROW ")).toList();
  }

  /** The ids of the finished scheduled refreshes recorded as catch-ups, from their history. */
  private static Set<String> catchUpRefreshes(Path data) throws Exception {
    Set<String> ids = new HashSet<>();
    try (Stream<Path> files = Files.walk(data.resolve("warehouse"))) {
      for (Path f :
          files.filter(p -> p.toString().matches(".*_kafka_sql/history/\\d{20}\\.json")).toList()) {
        JsonNode entry = JSON.readTree(f.toFile());
        if (entry.path("catch_up").asBoolean() && !"KILLED".equals(entry.path("status").asText())) {
          ids.add(entry.path("refresh_id").asText());
        }
      }
    }
    return ids;
  }
}
