package io.github.sparkkafkasql.dist;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The user's application in the distribution tests, submitted with {@code spark-submit --packages}:
 * runs the SQL statements of a script and writes what each returned, and on which executors its
 * tasks ran, to an output file the test reads.
 *
 * <p>Arguments: {@code <script.sql> <output.txt> [--hive] [--executors N]}. Statements end with
 * {@code ;} at the end of a line. A line {@code --PAUSE name} writes {@code name.paused} next to
 * the output and waits for the test to create {@code name.resume} (the test produces records
 * meanwhile). All Spark settings come from spark-submit, as in any application.
 */
public final class RunSql {

  private static final Duration WAIT = Duration.ofMinutes(3);

  private RunSql() {}

  public static void main(String[] args) throws Exception {
    Path script = Path.of(args[0]);
    Path output = Path.of(args[1]);
    boolean hive = List.of(args).contains("--hive");
    int executors = intArgument(args, "--executors", 0);

    SparkSession.Builder builder = SparkSession.builder().appName("spark-kafka-sql-dist-test");
    SparkSession spark = (hive ? builder.enableHiveSupport() : builder).getOrCreate();
    try {
      awaitExecutors(spark, executors);
      TaskExecutors tasks = TaskExecutors.register(spark);
      List<String> out = new ArrayList<>();
      out.add("### jars " + spark.conf().get("spark.jars", ""));
      int n = 0;
      for (String step : steps(Files.readString(script, UTF_8))) {
        if (step.startsWith("--PAUSE ")) {
          pause(output.resolveSibling(step.substring("--PAUSE ".length()).trim()));
          continue;
        }
        long start = System.nanoTime();
        List<Row> rows = spark.sql(step).collectAsList();
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.add("### " + (++n) + " ms=" + ms + " executors=" + String.join(",", tasks.since()));
        for (Row row : rows) {
          out.add(row.mkString("|"));
        }
        Files.write(output, out, UTF_8);
      }
      Files.write(output, out, UTF_8);
    } finally {
      spark.stop();
    }
  }

  /** Statements and pause directives, in order. */
  static List<String> steps(String script) {
    List<String> steps = new ArrayList<>();
    StringBuilder statement = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--PAUSE ")) {
        steps.add(trimmed);
      } else if (!trimmed.startsWith("--")) {
        statement.append(line).append('\n');
        if (trimmed.endsWith(";")) {
          String sql = statement.toString().strip();
          steps.add(sql.substring(0, sql.length() - 1));
          statement.setLength(0);
        }
      }
    }
    if (!statement.toString().isBlank()) {
      throw new IllegalArgumentException("The script ends without ';': " + statement);
    }
    return steps;
  }

  private static int intArgument(String[] args, String name, int otherwise) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return otherwise;
  }

  /** On a cluster, jobs spread over the executors only once they have registered. */
  private static void awaitExecutors(SparkSession spark, int executors) {
    // The driver is listed among the executors.
    await(
        "executors to register",
        () -> spark.sparkContext().statusTracker().getExecutorInfos().length >= executors + 1);
  }

  private static void pause(Path marker) throws IOException {
    Path resume = marker.resolveSibling(marker.getFileName() + ".resume");
    Files.writeString(marker.resolveSibling(marker.getFileName() + ".paused"), "", UTF_8);
    await("the test to write " + resume, () -> Files.exists(resume));
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Timed out after " + WAIT + " waiting for " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
