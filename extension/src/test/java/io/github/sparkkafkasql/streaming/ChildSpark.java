package io.github.sparkkafkasql.streaming;

import io.github.sparkkafkasql.Await;
import io.github.sparkkafkasql.SparkTestSessions;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A separate JVM that runs SQL against a persistent (Derby) metastore, so tests can kill it with
 * SIGKILL mid-statement and check what the next process finds. Prints each result row to stdout. An
 * argument {@code AWAIT expected|query} runs the query until its first row reads {@code expected}
 * (3 minutes at most), for what happens in the background, such as scheduled refreshes.
 */
public final class ChildSpark {

  private ChildSpark() {}

  /** Entry point of the child: {@code <dataDir> <sql>...}. */
  public static void main(String[] args) throws Exception {
    SparkSession spark = session(Path.of(args[0]));
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("AWAIT ")) {
        String[] await = args[i].substring(6).split("\\|", 2);
        Await.until(
            await[1],
            Duration.ofMinutes(3),
            Duration.ofSeconds(1),
            () -> spark.sql(await[1]).first().mkString("\t").equals(await[0]));
        continue;
      }
      for (Row r : spark.sql(args[i]).collectAsList()) {
        System.out.println("ROW " + r.mkString("\t"));
      }
    }
    System.out.println("DONE");
    spark.stop();
  }

  static SparkSession session(Path data) {
    return SparkTestSessions.builder()
        .appName("child")
        .config("spark.sql.warehouse.dir", data.resolve("warehouse").toString())
        .config(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            "jdbc:derby:;databaseName=" + data.resolve("metastore_db") + ";create=true")
        .enableHiveSupport()
        .getOrCreate();
  }

  /** Starts a child JVM running the statements; its output goes to {@code log}. */
  static Process start(Path data, File log, String... sql) throws IOException {
    return start(data, log, List.of(), sql);
  }

  /** As above, with extra JVM options, e.g. {@code -Dspark.…} confs for the child's context. */
  public static Process start(Path data, File log, List<String> jvmOptions, String... sql)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens")
          || arg.startsWith("-XX:+IgnoreUnrecognized")
          || arg.startsWith("-Djdk.reflect")
          || arg.startsWith("-Dio.netty")) {
        cmd.add(arg);
      }
    }
    cmd.add("-Xmx1g");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ChildSpark.class.getName());
    cmd.add(data.toString());
    cmd.addAll(List.of(sql));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
  }
}
