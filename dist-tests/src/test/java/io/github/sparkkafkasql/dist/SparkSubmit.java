package io.github.sparkkafkasql.dist;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One {@code spark-submit} of {@link RunSql}, run as the script {@code bin/spark-submit} runs it: a
 * new JVM with the Spark home's {@code conf/} and {@code jars/*} as its classpath, Spark's Java 17
 * options and {@code org.apache.spark.deploy.SparkSubmit} as main class. Packages are resolved by
 * SparkSubmit itself (Ivy), from the Maven repository in the run's home directory.
 */
final class SparkSubmit {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  /**
   * The driver and executors live for a minute: the optimizing JIT compiler's work would not pay
   * off, and the client compiler alone halves the runs' time. It changes no behaviour.
   */
  private static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";

  private final SparkHome home;
  private final Path dir;
  private final List<String> packages = new ArrayList<>();
  private final Map<String, String> conf = new LinkedHashMap<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<String> appArgs = new ArrayList<>();
  private String master = "local[2]";

  private SparkSubmit(SparkHome home, Path dir) {
    this.home = home;
    this.dir = dir;
    // No web UI: nothing looks at it, and it would be one more server per run.
    conf.put("spark.ui.enabled", "false");
    // Spark adds its Java 17 module options to this itself (SparkContext, SPARK-36796).
    conf.put("spark.executor.extraJavaOptions", QUICK_JIT);
  }

  /** A run in a new, empty working directory {@code name} under the build's run directory. */
  static SparkSubmit named(SparkHome home, String name) {
    try {
      Path dir = Path.of(System.getProperty("dist.workDir")).resolve(name);
      SparkHome.deleteRecursively(dir);
      return new SparkSubmit(home, Files.createDirectories(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  SparkSubmit master(String value) {
    master = value;
    return this;
  }

  SparkSubmit packages(String... coordinates) {
    packages.addAll(List.of(coordinates));
    return this;
  }

  SparkSubmit conf(String key, String value) {
    conf.put(key, value);
    return this;
  }

  /** An environment variable of the driver, e.g. a secret that must not be on its command line. */
  SparkSubmit env(String key, String value) {
    env.put(key, value);
    return this;
  }

  /** Arguments of {@link RunSql} after the script and output paths. */
  SparkSubmit appArgs(String... args) {
    appArgs.addAll(List.of(args));
    return this;
  }

  Path dir() {
    return dir;
  }

  /** Starts the JVM on the script; its output goes to {@code spark-submit.log}. */
  Running start(String script) {
    try {
      Path scriptFile = Files.writeString(dir.resolve("script.sql"), script, UTF_8);
      Path output = dir.resolve("output.txt");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-cp");
      command.add(home.classpath());
      command.addAll(List.of(System.getProperty("dist.sparkJvmOptions").split(" +")));
      command.add("-Xmx1g");
      command.add(QUICK_JIT);
      // The user's home: its .m2/repository holds what `./mvnw install` installed.
      command.add("-Duser.home=" + System.getProperty("dist.userHome"));
      command.add("org.apache.spark.deploy.SparkSubmit");
      command.addAll(List.of("--master", master));
      if (!packages.isEmpty()) {
        command.addAll(List.of("--packages", String.join(",", packages)));
      }
      conf.forEach((k, v) -> command.addAll(List.of("--conf", k + "=" + v)));
      command.addAll(List.of("--class", RunSql.class.getName()));
      command.add(System.getProperty("dist.applicationJar"));
      command.add(scriptFile.toString());
      command.add(output.toString());
      command.addAll(appArgs);
      Files.write(dir.resolve("command.txt"), command, UTF_8);
      forgetCachedSnapshot();

      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
      pb.environment().put("SPARK_HOME", home.path().toString());
      // What bin/load-spark-env.sh sets; the workers' executor launcher needs it.
      pb.environment().put("SPARK_SCALA_VERSION", "2.13");
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      pb.environment().putAll(env);
      pb.redirectErrorStream(true);
      pb.redirectOutput(dir.resolve("spark-submit.log").toFile());
      return new Running(pb.start(), output, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Ivy keeps a snapshot it resolved from the local Maven repository in its cache and never looks
   * at the repository again (SPARK-34757 was not merged), so a reinstalled snapshot is ignored
   * until its cache entry is deleted: what docs/install.md tells users to do, done before each run.
   */
  private static void forgetCachedSnapshot() throws IOException {
    SparkHome.deleteRecursively(
        Path.of(
            System.getProperty("dist.userHome"), ".ivy2.5.2", "cache", "io.github.sparkkafkasql"));
  }

  /** Runs the script to the end. */
  Result run(String script) {
    return start(script).awaitResult();
  }

  /** A started run. */
  static final class Running {
    private final Process process;
    private final Path output;
    private final Path dir;

    Running(Process process, Path output, Path dir) {
      this.process = process;
      this.output = output;
      this.dir = dir;
    }

    /** Waits until the script reached {@code --PAUSE name}. */
    void awaitPause(String name) {
      Path paused = output.resolveSibling(name + ".paused");
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!Files.exists(paused)) {
        if (!process.isAlive()) {
          throw new AssertionError("spark-submit exited before pausing at " + name + logTail());
        }
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new AssertionError("spark-submit did not pause at " + name + logTail());
        }
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
    }

    void resume(String name) {
      try {
        Files.writeString(output.resolveSibling(name + ".resume"), "", UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Result awaitResult() {
      try {
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("spark-submit ran longer than " + TIMEOUT + logTail());
        }
        if (process.exitValue() != 0) {
          throw new AssertionError("spark-submit exited with " + process.exitValue() + logTail());
        }
        return Result.parse(Files.readAllLines(output, UTF_8), log(), dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new AssertionError(e);
      }
    }

    private String log() {
      try {
        return Files.readString(dir.resolve("spark-submit.log"), UTF_8);
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    /** For failure messages: the end of the log, where the error is. */
    private String logTail() {
      List<String> lines = log().lines().toList();
      return "\n--- last lines of "
          + dir.resolve("spark-submit.log")
          + " ---\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 150), lines.size()));
    }
  }
}
