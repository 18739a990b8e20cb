package io.github.sparkkafkasql.connect;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/kafka-sql --serve} in a child JVM, started by the launcher script as a user starts it.
 * Its stderr goes to a log file; the {@code sc://} address is read from its stdout.
 */
final class ServeProcess {

  private static final Pattern ADDRESS = Pattern.compile("Spark Connect server at (sc://\\S+)");

  private final Process process;
  private final Path log;
  private final List<String> stdout = new ArrayList<>();
  private final CompletableFuture<String> address = new CompletableFuture<>();

  private ServeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    Thread reader = new Thread(this::readStdout, "kafka-sql-serve-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Runs {@code bin/kafka-sql --serve --port 0 --warehouse dataDir args...}. */
  static ServeProcess start(Path dataDir, Path log, String... args) throws IOException {
    Path home = Path.of(System.getProperty("kafka.sql.home", "..")).toAbsolutePath().normalize();
    Path launcher = home.resolve("bin/kafka-sql");
    // Without these the launcher would build the project itself, in the middle of a test run.
    for (String built : List.of("cli/target/kafka-sql-cli.jar", "cli/target/classpath.txt")) {
      if (!Files.isRegularFile(home.resolve(built))) {
        throw new IllegalStateException(
            home.resolve(built)
                + " is missing: build the cli module first (./mvnw -pl"
                + " connect-tests -am verify).");
      }
    }
    List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "--serve", "--port", "0"));
    cmd.addAll(List.of("--warehouse", dataDir.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("KAFKA_SQL_JAVA_OPTS", "-Xmx1g");
    return new ServeProcess(pb.start(), log);
  }

  /** The {@code sc://host:port} address the server printed, once it listens. */
  String awaitAddress(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      return address.get(timeout, unit);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("The server did not start. Its log:\n" + log(), e);
    }
  }

  /** Sends SIGTERM, as Ctrl-C or a service manager would, and waits for the exit status. */
  int terminate(long timeout, TimeUnit unit) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout, unit)) {
      process.destroyForcibly();
      throw new IllegalStateException("The server did not stop within " + timeout + " " + unit);
    }
    return process.exitValue();
  }

  /** What the server wrote to stderr. */
  String log() {
    try {
      return Files.readString(log, UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** What the server wrote to stdout so far. */
  synchronized List<String> stdout() {
    return List.copyOf(stdout);
  }

  private void readStdout() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (this) {
          stdout.add(line);
        }
        Matcher m = ADDRESS.matcher(line);
        if (m.find()) {
          address.complete(m.group(1));
        }
      }
    } catch (IOException e) {
      address.completeExceptionally(e);
    }
    address.completeExceptionally(new IllegalStateException("The server exited"));
  }
}
