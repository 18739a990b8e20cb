package io.github.sparkkafkasql.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka-sql --demo avro} in-process, as a user runs it: its own broker and a real Schema
 * Registry (Apicurio, a child process), docs/examples/avro.sql, and the registry gone afterwards.
 * The Spark session is the test's, which the CLI reuses and does not stop.
 */
// A broker, a registry and Spark: 284 s at a load average of 20 on 2 cores.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AvroDemoIT {

  @TempDir static Path dataDir;

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = Sessions.builder(dataDir, Map.of("spark.sql.shuffle.partitions", "2")).getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void readsAvroOrdersThroughTheRegistryAndStopsIt() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, UTF_8);
        PrintStream e = new PrintStream(err, true, UTF_8)) {
      code =
          KafkaSqlCli.commandLine(new KafkaSqlCli(o, e))
              .execute("--demo", "avro", "-f", "../docs/examples/avro.sql");
    }
    String transcript = out.toString(UTF_8);

    assertThat(code).as(err.toString(UTF_8) + transcript).isZero();
    assertThat(transcript)
        .contains("subject 'orders-value' version 1 has schema id")
        .contains("-- produced 200 Avro orders to topic 'orders' (200 in total)")
        // The header of the first record, then decoded values and an aggregate of them.
        .containsPattern("\\|\\s+0 \\|\\s+0 \\| 00000000\\d\\d \\|")
        .containsPattern("\\|\\s+1 \\| c03\\s+\\| monitor\\s+\\|\\s+1 \\|\\s+189.0 \\|")
        .containsPattern("\\| monitor\\s+\\|\\s+33 \\|\\s+70 \\|\\s+13230.0 \\|")
        // The streaming table: 200 rows at CREATE, the 50 produced after it at REFRESH.
        .containsPattern("\\| orders_live \\|\\s+200 \\|")
        .containsPattern("\\| orders_live \\|\\s+50 \\|");
    assertThat(ProcessHandle.current().descendants())
        .noneMatch(
            p -> p.isAlive() && p.info().commandLine().orElse("").contains("apicurio-registry"));
  }
}
