package io.github.sparkkafkasql.cli;

import io.github.sparkkafkasql.connect.JvmClientErrors;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.config.Connect;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.apache.spark.sql.connect.service.SparkListenerConnectServiceStarted;
import org.apache.spark.sql.internal.SQLConf;
import scala.Option;

/**
 * {@code kafka-sql --serve}: the CLI's session (extension, Delta, persistent metastore) behind a
 * Spark Connect server, for notebooks and other Connect clients.
 *
 * <p>It does what Spark's {@code SparkConnectServer} (the main class of {@code
 * start-connect-server.sh}) does: a session with per-session artifact isolation, then {@code
 * SparkConnectService.start}. Each client session is a new session of that one, so it has the
 * extensions and shares the catalog, while its settings stay its own.
 */
final class ConnectServer {

  /** Spark Connect's default port, the one clients assume. */
  static final int DEFAULT_PORT = 15002;

  static final String DEFAULT_BIND = "127.0.0.1";

  private static final long START_TIMEOUT_SECONDS = 60;
  private static final long DRAIN_TIMEOUT_SECONDS = 10;

  private final Console console;

  ConnectServer(Console console) {
    this.console = console;
  }

  /** Serves until {@code stop} is requested; the exit status. */
  int serve(
      Path dataDir,
      Map<String, String> confs,
      String bind,
      int port,
      Optional<String> kafka,
      StopSignal stop)
      throws InterruptedException {
    // Spark's server isolates the jars and files each client session adds; --conf may say
    // otherwise. --bind and --port win over --conf spark.connect.grpc.binding.*.
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(SQLConf.ARTIFACTS_SESSION_ISOLATION_ENABLED().key(), "true");
    settings.put(SQLConf.ARTIFACTS_SESSION_ISOLATION_ALWAYS_APPLY_CLASSLOADER().key(), "true");
    settings.putAll(confs);
    // Lets the JVM client show the extension's and Delta's errors whole; kept with the user's own.
    String interceptors = Connect.CONNECT_GRPC_INTERCEPTOR_CLASSES().key();
    String own = JvmClientErrors.class.getName();
    settings.merge(interceptors, own, (given, ours) -> given.isBlank() ? ours : given + "," + ours);
    SparkSession spark =
        Sessions.builder(dataDir, settings)
            .config(Connect.CONNECT_GRPC_BINDING_ADDRESS().key(), bind)
            .config(Connect.CONNECT_GRPC_BINDING_PORT().key(), port)
            .getOrCreate();
    try {
      Started started = new Started();
      spark.sparkContext().addSparkListener(started);
      try {
        SparkConnectService.start(spark.sparkContext());
      } catch (Exception e) {
        // Scala code throws checked exceptions (BindException) undeclared.
        console.error(
            "kafka-sql: could not start the Spark Connect server: " + reason(e, bind, port));
        return 1;
      }
      try {
        int bound = started.port();
        banner(dataDir, kafka, bind, bound);
        stop.awaitStopRequest();
        console.info("Stopping the Spark Connect server...");
      } finally {
        // Lets running requests finish for a moment, then cancels them and closes the sessions.
        SparkConnectService.stop(
            Option.<Object>apply(DRAIN_TIMEOUT_SECONDS), Option.apply(TimeUnit.SECONDS));
      }
    } finally {
      spark.stop();
    }
    console.info("Stopped.");
    return 0;
  }

  private void banner(Path dataDir, Optional<String> kafka, String bind, int port) {
    console.info(VersionInfo.summary());
    console.info("Data directory: " + dataDir);
    kafka.ifPresent(k -> console.info("Kafka: " + k + " (write it as bootstrapServers in SQL)"));
    // The address goes to stdout, alone on its line, for scripts that start the server.
    console.out("Spark Connect server at sc://" + clientHost(bind) + ":" + port);
    console.info("Press Ctrl-C to stop.");
  }

  /** The host a client on this machine writes in {@code sc://host:port}. */
  private static String clientHost(String bind) {
    try {
      InetAddress address = InetAddress.getByName(bind);
      if (address.isAnyLocalAddress()) {
        return InetAddress.getLocalHost().getHostName();
      }
    } catch (UnknownHostException e) {
      // The server bound to it, so it resolves; if not, the name itself is the best answer.
    }
    return bind.indexOf(':') >= 0 ? "[" + bind + "]" : bind;
  }

  private static String reason(Throwable e, String bind, int port) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof BindException) {
      return "cannot listen on "
          + bind
          + ":"
          + port
          + " (the port is in use, or the address is not this machine's). Stop the other server,"
          + " or choose another port with --port or address with --bind.";
    }
    return String.valueOf(root.getMessage());
  }

  /**
   * The port the server bound, from the event it posts once it listens (the only public way to
   * learn it when {@code --port 0} let the system choose).
   */
  private static final class Started extends SparkListener {

    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
      if (event instanceof SparkListenerConnectServiceStarted started) {
        port.complete(started.bindingPort());
      }
    }

    int port() throws InterruptedException {
      try {
        return port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("The Spark Connect server did not report its port", e);
      }
    }
  }
}
