package io.github.sparkkafkasql.connect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.KafkaBrokerExtension;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's own Connect server ({@code SparkConnectServer}, the main class of {@code
 * start-connect-server.sh}), not {@code bin/kafka-sql --serve}, started with the settings
 * docs/install.md gives and nothing else of this project's: the extension works in the sessions
 * Spark's server makes for its clients, and the documented interceptor brings its errors to the JVM
 * client. The classpath is the CLI's (Spark's jars, Delta, the extension); Spark's script adds the
 * same jars with {@code --packages}.
 */
@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SparksOwnServerIT {

  /** What Spark's launcher opens for Spark on Java 17 (as bin/kafka-sql does). */
  private static final List<String> MODULE_OPTIONS =
      List.of(
          "java.lang",
          "java.lang.invoke",
          "java.lang.reflect",
          "java.io",
          "java.net",
          "java.nio",
          "java.util",
          "java.util.concurrent",
          "java.util.concurrent.atomic",
          "jdk.internal.ref",
          "sun.nio.ch",
          "sun.nio.cs",
          "sun.security.action",
          "sun.util.calendar");

  @Test
  void theDocumentedSettingsWorkInSparksOwnServer(EmbeddedKafka kafka, @TempDir Path warehouse)
      throws Exception {
    Path home = Path.of(System.getProperty("kafka.sql.home", "..")).toAbsolutePath().normalize();
    String classpath = Files.readString(home.resolve("cli/target/classpath.txt"), UTF_8).strip();
    int port = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    MODULE_OPTIONS.forEach(m -> cmd.add("--add-opens=java.base/" + m + "=ALL-UNNAMED"));
    // --conf of spark-submit; Spark reads spark.* system properties the same way.
    for (String conf :
        List.of(
            "spark.master=local[2]",
            "spark.ui.enabled=false",
            "spark.sql.shuffle.partitions=2",
            "spark.sql.warehouse.dir=" + warehouse,
            "spark.connect.grpc.binding.address=127.0.0.1",
            "spark.connect.grpc.binding.port=" + port,
            // The three lines of docs/install.md.
            "spark.sql.extensions=io.github.sparkkafkasql.KafkaSqlExtensions,"
                + "io.delta.sql.DeltaSparkSessionExtension",
            "spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
            "spark.connect.grpc.interceptor.classes="
                + "io.github.sparkkafkasql.connect.JvmClientErrors")) {
      cmd.add("-D" + conf);
    }
    cmd.addAll(
        List.of("-cp", classpath, "org.apache.spark.sql.connect.service.SparkConnectServer"));
    Path log = Path.of("target", "sparks-own-server.log");
    Process server = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      awaitStarted(server, log);
      String topic = kafka.createUniqueTopic(2);
      kafka.produce(EmbeddedKafka.numberedRecords(topic, 2, 0, 6, i -> "v" + i));
      ReadKafkaSql read = ReadKafkaSql.of(kafka.bootstrapServers()).subscribe(topic);
      SparkSession spark = SparkSession.builder().remote("sc://127.0.0.1:" + port).getOrCreate();
      try {
        assertThat(spark.sql("SELECT count(*) FROM " + read).first().getLong(0)).isEqualTo(6L);

        Row created =
            spark
                .sql(
                    "CREATE STREAMING TABLE own_clicks AS SELECT CAST(value AS STRING) AS v,"
                        + " partition, offset FROM "
                        + read.option("startingOffsets", "earliest").stream())
                .first();
        assertThat(created.<Long>getAs("rows_written")).isEqualTo(6L);
        kafka.produce(EmbeddedKafka.numberedRecords(topic, 2, 6, 9, i -> "v" + i));
        assertThat(
                spark.sql("REFRESH STREAMING TABLE own_clicks").first().<Long>getAs("rows_written"))
            .isEqualTo(3L);
        assertThat(
                spark
                    .sql("SELECT count(*), count(DISTINCT partition, offset) FROM own_clicks")
                    .first()
                    .toString())
            .isEqualTo("[9,9]");

        SparkException e =
            catchThrowableOfType(
                SparkException.class,
                () ->
                    spark
                        .sql("SELECT * FROM " + ReadKafkaSql.of("127.0.0.1:1").subscribe(topic))
                        .collectAsList());
        assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_BROKER_UNREACHABLE");
        assertThat(e.getMessage()).contains("127.0.0.1:1");
      } finally {
        spark.close();
      }
    } finally {
      server.destroy();
      if (!server.waitFor(2, TimeUnit.MINUTES)) {
        server.destroyForcibly();
      }
    }
  }

  /**
   * Copies the server's output to {@code log} on a thread of its own, and returns once the server
   * says it listens; fails when it exits first or does not start within three minutes.
   */
  private static void awaitStarted(Process server, Path log) throws Exception {
    CompletableFuture<Void> started = new CompletableFuture<>();
    Thread copier =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8));
                  Writer out = Files.newBufferedWriter(log, UTF_8)) {
                for (String line; (line = in.readLine()) != null; ) {
                  out.write(line);
                  out.write('\n');
                  out.flush();
                  if (line.contains("Spark Connect server started at")) {
                    started.complete(null);
                  }
                }
              } catch (IOException e) {
                started.completeExceptionally(e);
              }
              started.completeExceptionally(new IllegalStateException("The server exited"));
            },
            "sparks-own-server-output");
    copier.setDaemon(true);
    copier.start();
    try {
      started.get(3, TimeUnit.MINUTES);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Spark's Connect server did not start. Its log:\n" + Files.readString(log, UTF_8), e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
