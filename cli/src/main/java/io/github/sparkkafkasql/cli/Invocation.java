package io.github.sparkkafkasql.cli;

import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.SchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.utils.Utils;
import org.apache.spark.sql.SparkSession;

/**
 * One run of the CLI: reads the script, starts the broker and the Spark session it needs, runs the
 * statements, and stops what it started.
 */
final class Invocation {

  private final KafkaSqlCli options;
  private final Console console;

  Invocation(KafkaSqlCli options, Console console) {
    this.options = options;
    this.console = console;
  }

  /** The exit status. */
  int run() throws IOException, InterruptedException {
    if (options.serve) {
      return serve();
    }
    String script = script();
    // Parse and check before the slow part, so that a typo fails in milliseconds.
    List<DemoScript.Step> steps = options.demo() ? DemoScript.parse(script) : null;
    boolean embedded = options.demo() || options.embeddedKafka;
    if (script != null && !embedded) {
      Placeholders.substitute(script, options.bootstrapServers());
    }
    Path tempDir = options.demo() && options.warehouse == null ? tempDataDir() : null;
    Path dataDir = tempDir != null ? tempDir : dataDir();
    // --demo avro: the registry starts in its own process while the broker and Spark start here.
    CompletableFuture<SchemaRegistry> registry =
        options.demo == Demo.Kind.AVRO ? startRegistry() : null;
    try (EmbeddedKafka kafka = embedded ? startBroker() : null) {
      Optional<String> servers =
          kafka != null ? Optional.of(kafka.bootstrapServers()) : options.bootstrapServers();
      SparkSession existing = defaultSession();
      SparkSession spark =
          existing != null ? existing : Sessions.builder(dataDir, confs(script)).getOrCreate();
      try {
        StatementRunner runner =
            new StatementRunner(spark, servers, options.outputFormat(), console);
        if (steps != null) {
          Demo.Sample sample =
              registry != null ? avroOrders(awaitRegistry(registry), runner) : Demo.Sample.CLICKS;
          return new Demo(kafka, runner, console, sample).run(steps);
        } else if (script != null) {
          return runAll(runner, script);
        }
        banner(dataDir, servers);
        Interactive.run(runner, Path.of(System.getProperty("user.home"), ".kafka_sql_history"));
        return 0;
      } finally {
        // A session this run did not create (tests run the CLI in-process) is not ours to stop.
        if (existing == null) {
          spark.stop();
        }
      }
    } finally {
      if (registry != null) {
        stopRegistry(registry);
      }
      if (tempDir != null) {
        deleteRecursively(tempDir);
      }
    }
  }

  private CompletableFuture<SchemaRegistry> startRegistry() {
    console.info("Starting a Schema Registry (Apicurio, a separate process)...");
    return CompletableFuture.supplyAsync(SchemaRegistry::start);
  }

  private static SchemaRegistry awaitRegistry(CompletableFuture<SchemaRegistry> registry) {
    try {
      return registry.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** Stops the registry, once it has started; a failed start has nothing to stop. */
  private static void stopRegistry(CompletableFuture<SchemaRegistry> registry) {
    registry.handle((r, failure) -> r).join();
    SchemaRegistry started = registry.isCompletedExceptionally() ? null : registry.join();
    if (started != null) {
      started.close();
    }
  }

  /** Registers the orders' schema and makes {@code ${registry}} the registry's address. */
  private Demo.Sample avroOrders(SchemaRegistry registry, StatementRunner runner) {
    int id = registry.register(AvroOrders.SUBJECT, AvroOrders.SCHEMA);
    runner.withRegistry(registry.address());
    console.info(
        "Schema Registry at "
            + registry.address()
            + " (${registry} in SQL); subject '"
            + AvroOrders.SUBJECT
            + "' version 1 has schema id "
            + id
            + ".");
    return Demo.Sample.avroOrders(id);
  }

  /** {@code --serve}: a Spark Connect server until Ctrl-C or SIGTERM. */
  private int serve() throws IOException, InterruptedException {
    Path dataDir = dataDir();
    // Closed last: the shutdown waits until the server, the session and the broker are stopped.
    try (StopSignal stop = StopSignal.install();
        EmbeddedKafka kafka = options.embeddedKafka ? startBroker() : null) {
      Optional<String> servers =
          kafka != null ? Optional.of(kafka.bootstrapServers()) : options.bootstrapServers();
      return new ConnectServer(console)
          .serve(dataDir, options.confs, options.bind(), options.port(), servers, stop);
    }
  }

  /** The --conf settings; a run that exits when its script ends runs no scheduled refreshes. */
  private Map<String, String> confs(String script) {
    Map<String, String> confs = new LinkedHashMap<>();
    if (script != null) {
      // A background refresh would only race the script's statements and be cut off at exit.
      confs.put(KafkaSqlConf.SCHEDULER_ENABLED.key(), "false");
    }
    confs.putAll(options.confs);
    return confs;
  }

  private static int runAll(StatementRunner runner, String script) {
    for (String sql : StatementSplitter.statements(script)) {
      if (!runner.run(sql)) {
        return 1;
      }
    }
    return 0;
  }

  /** The SQL to run, or null for an interactive session. */
  private String script() throws IOException {
    if (options.sql != null) {
      return options.sql;
    }
    Path file = options.file;
    if (file == null && options.demo()) {
      String home = System.getProperty("kafka.sql.home", "");
      file = Path.of(home).resolve(options.demo.script);
    }
    if (file == null) {
      return null;
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("No such SQL file: " + file.toAbsolutePath());
    }
    return Files.readString(file);
  }

  private Path dataDir() throws IOException {
    Path dir =
        options.warehouse != null ? options.warehouse : Path.of(KafkaSqlCli.DEFAULT_DATA_DIR);
    return Files.createDirectories(dir.toAbsolutePath().normalize());
  }

  private static Path tempDataDir() throws IOException {
    return Files.createTempDirectory("kafka-sql-demo-");
  }

  private EmbeddedKafka startBroker() {
    console.info("Starting an embedded Kafka broker...");
    EmbeddedKafka kafka = EmbeddedKafka.start();
    // Clients of --serve write the address themselves: ${bootstrap} is replaced only in SQL that
    // the CLI reads.
    String hint = options.serve ? "." : " (${bootstrap} in SQL).";
    console.info("Kafka broker at " + kafka.bootstrapServers() + hint);
    return kafka;
  }

  private void banner(Path dataDir, Optional<String> servers) {
    console.info(VersionInfo.summary());
    console.info("Data directory: " + dataDir);
    servers.ifPresent(s -> console.info("${bootstrap} = " + s));
    console.info("Statements end with ';'. Type exit; or press Ctrl-D to leave.");
  }

  private static SparkSession defaultSession() {
    var session = SparkSession.getDefaultSession();
    return session.isDefined() ? session.get() : null;
  }

  /** Best effort: the directory lives under the system temp dir. */
  private static void deleteRecursively(Path dir) {
    try {
      // Kafka's own delete, which tolerates files that vanish while it walks.
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      // Left behind in the temp dir.
    }
  }
}
