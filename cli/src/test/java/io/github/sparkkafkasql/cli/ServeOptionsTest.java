package io.github.sparkkafkasql.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/**
 * The {@code --serve} options that fail before any Spark starts; the server is in SparkConnectIT.
 */
class ServeOptionsTest {

  @Test
  void portAndBindNeedServe() {
    assertThat(usageError("--port", "15003", "-e", "SELECT 1"))
        .contains("--port and --bind apply to --serve.");
    assertThat(usageError("--bind", "127.0.0.1")).contains("--port and --bind apply to --serve.");
  }

  @Test
  void serveTakesNoStatements() {
    assertThat(usageError("--serve", "-e", "SELECT 1"))
        .contains("it cannot be combined with -e, -f or --demo");
    assertThat(usageError("--serve", "--demo")).contains("it cannot be combined with -e, -f");
  }

  @Test
  void thePortIsChecked() {
    assertThat(usageError("--serve", "--port", "65536"))
        .contains("--port must be between 0 and 65535, not 65536.");
  }

  @Test
  void theDefaultsAreSparksPortOnLoopback() {
    KafkaSqlCli cli = new KafkaSqlCli(System.out, System.err);
    KafkaSqlCli.commandLine(cli).parseArgs("--serve");
    assertThat(cli.port()).isEqualTo(15002);
    assertThat(cli.bind()).isEqualTo("127.0.0.1");
  }

  /** Runs the CLI, expects exit status 2, and returns what it printed on stderr. */
  private static String usageError(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, UTF_8);
        PrintStream e = new PrintStream(err, true, UTF_8)) {
      code = KafkaSqlCli.commandLine(new KafkaSqlCli(o, e)).execute(args);
    }
    assertThat(code).isEqualTo(2);
    return err.toString(UTF_8);
  }
}
