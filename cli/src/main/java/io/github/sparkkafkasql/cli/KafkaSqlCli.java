package io.github.sparkkafkasql.cli;

import io.github.sparkkafkasql.cli.StatementRunner.OutputFormat;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-sql}: a local Spark SQL shell with {@code read_kafka(...)}, Delta Lake and a Hive
 * metastore, optionally with an embedded Kafka broker. The entry point of {@code bin/kafka-sql}.
 */
@Command(
    name = "kafka-sql",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "A local Spark SQL shell with read_kafka(...) and Delta Lake.",
      "Runs the statements of -e or -f and exits, or reads statements interactively when neither"
          + " is given. Statements end with ';'. With --serve, it is a Spark Connect server.",
      "In SQL text, $${bootstrap} stands for the broker address: the --bootstrap-servers value or"
          + " the embedded broker's.",
      "Tables persist in the data directory (--warehouse) from one run to the next.",
      "Documentation: docs/cli.md.",
      ""
    },
    footer = {
      "",
      "Exit status: 0 on success, 1 when a statement fails (-e, -f and --demo stop at the first"
          + " failure), 2 for invalid arguments.",
      "",
      "Examples:",
      "  kafka-sql --demo",
      "  kafka-sql --demo avro",
      "  kafka-sql --embedded-kafka -e 'SELECT 1'",
      "  kafka-sql --serve --embedded-kafka",
      "  kafka-sql --bootstrap-servers localhost:9092 -e \"SELECT count(*) FROM"
          + " read_kafka(bootstrapServers => '\\$${bootstrap}', subscribe => 'events')\""
    })
public final class KafkaSqlCli implements Callable<Integer> {

  static final String DEFAULT_DATA_DIR = "kafka-sql-data";

  @Option(names = "-e", paramLabel = "SQL", description = "Run these statements and exit.")
  String sql;

  @Option(names = "-f", paramLabel = "FILE", description = "Run the statements of FILE and exit.")
  Path file;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description = "The Kafka cluster that $${bootstrap} stands for.")
  String bootstrapServers;

  @Option(
      names = "--embedded-kafka",
      description = "Start a single-node broker in this process; $${bootstrap} is its address.")
  boolean embeddedKafka;

  @Option(
      names = "--demo",
      arity = "0..1",
      paramLabel = "NAME",
      fallbackValue = "quickstart",
      description =
          "Start an embedded broker, fill topic 'clicks' with sample events, run"
              + " docs/examples/quickstart.sql (or -f FILE) and exit. --demo avro also starts a"
              + " Schema Registry (a separate process), fills topic 'orders' with Avro records and"
              + " runs docs/examples/avro.sql; $${registry} is its address. Uses a temporary data"
              + " directory unless --warehouse is given.")
  Demo.Kind demo;

  @Option(
      names = "--serve",
      description =
          "Start a Spark Connect server with this session instead of a shell, until Ctrl-C or"
              + " SIGTERM: notebooks and other Connect clients connect to sc://HOST:PORT.")
  boolean serve;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "The --serve port (0: any free port). Default: 15002, Spark Connect's.")
  Integer port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description =
          "The address --serve listens on. Default: 127.0.0.1, this machine only. The server has"
              + " no authentication: bind another address only on a network you trust.")
  String bind;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description =
          "Data directory: table data in DIR/spark-warehouse, the catalog in DIR/metastore_db."
              + " Default: kafka-sql-data in the current directory.")
  Path warehouse;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "A Spark configuration; repeatable.")
  Map<String, String> confs = new LinkedHashMap<>();

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      description =
          "tsv (tab-separated rows, like spark-sql) or table (boxed, with a header)."
              + " Default: table for --demo, tsv otherwise.")
  OutputFormat output;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Spec CommandSpec spec;

  private final PrintStream out;
  private final PrintStream err;

  KafkaSqlCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the CLI and exits the JVM with its status. */
  public static void main(String[] args) {
    System.exit(commandLine(new KafkaSqlCli(System.out, System.err)).execute(args));
  }

  /** The command line for {@code cli}, writing to its streams. */
  static CommandLine commandLine(KafkaSqlCli cli) {
    // Help texts write $${bootstrap}: picocli would otherwise read ${bootstrap} as its variable.
    CommandLine cmd = new CommandLine(cli);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setOut(new PrintWriter(cli.out, true));
    cmd.setErr(new PrintWriter(cli.err, true));
    cmd.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          cli.err.println("kafka-sql: " + ErrorMessages.describe(e, cli.verbose));
          return 1;
        });
    return cmd;
  }

  @Override
  public Integer call() throws Exception {
    validate();
    if (!verbose && !serve) {
      QuietLogs.taskFailures();
    }
    Console console = new Console(out, err, demo(), verbose);
    try {
      return new Invocation(this, console).run();
    } catch (IllegalArgumentException e) {
      // Ours: a script that uses ${bootstrap} without a broker, or a malformed directive.
      err.println("kafka-sql: " + e.getMessage());
      return 2;
    }
  }

  OutputFormat outputFormat() {
    return output != null ? output : demo() ? OutputFormat.TABLE : OutputFormat.TSV;
  }

  /** Whether this run is a demo ({@code --demo [NAME]}). */
  boolean demo() {
    return demo != null;
  }

  Optional<String> bootstrapServers() {
    return Optional.ofNullable(bootstrapServers);
  }

  private void validate() {
    if (sql != null && file != null) {
      throw usage("-e and -f cannot be used together.");
    }
    if (demo() && sql != null) {
      throw usage("--demo runs a script file: use -f FILE, not -e.");
    }
    if (bootstrapServers != null && (embeddedKafka || demo())) {
      throw usage("--bootstrap-servers cannot be combined with --embedded-kafka or --demo.");
    }
    if (serve && (sql != null || file != null || demo())) {
      throw usage(
          "--serve answers Spark Connect clients: it cannot be combined with -e, -f or --demo.");
    }
    if (!serve && (port != null || bind != null)) {
      throw usage("--port and --bind apply to --serve.");
    }
    if (port != null && (port < 0 || port > 65535)) {
      throw usage("--port must be between 0 and 65535, not " + port + ".");
    }
  }

  int port() {
    return port != null ? port : ConnectServer.DEFAULT_PORT;
  }

  String bind() {
    return bind != null ? bind : ConnectServer.DEFAULT_BIND;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
