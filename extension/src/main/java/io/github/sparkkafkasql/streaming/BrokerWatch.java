package io.github.sparkkafkasql.streaming;

import io.github.sparkkafkasql.kafka.KafkaPreflight;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the brokers of a running refresh from the driver and stops the refresh's query once none
 * of a source's bootstrap addresses has accepted a connection for the connect timeout.
 *
 * <p>Spark's Kafka source has no single bound on a broker that goes away: each offset request on
 * the driver is retried {@code fetchOffset.numRetries} times, and each task attempt on an executor
 * polls until {@code kafkaConsumer.pollTimeoutMs}, then Spark retries the task. {@link
 * io.github.sparkkafkasql.kafka.ClientTimeouts} bounds each of those calls; this watch bounds the
 * refresh as a whole, at about the connect timeout plus one probe interval. Stopping the query is
 * as safe as a crash: a batch is in the table only once Delta committed it, and the next refresh
 * resumes from the checkpoint.
 */
final class BrokerWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerWatch.class);

  private static final long MAX_PROBE_MS = 5_000;
  private static final long WAIT_MS = 500;
  private static final int STACK_FRAMES = 25;

  private final List<ReadKafkaSource> sources;
  private final long boundMs;
  private final StreamingQuery query;
  private final ScheduledExecutorService timer;
  private long downSince = -1;
  private volatile Lost lost;
  private volatile long lostAt;

  /** The brokers of {@code servers} did not accept a connection, for {@code reason}. */
  record Lost(String servers, String reason) {}

  private BrokerWatch(List<ReadKafkaSource> sources, long boundMs, StreamingQuery query) {
    this.sources = sources;
    this.boundMs = boundMs;
    this.query = query;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kafka-sql-broker-watch " + query.name());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Waits for {@code query} to end while watching the brokers of {@code sources}; fails with {@code
   * KAFKA_SQL_REFRESH_BROKER_UNREACHABLE} when the watch had to stop it.
   */
  static void awaitTermination(
      StreamingQuery query, List<ReadKafkaSource> sources, long boundMs, String table)
      throws StreamingQueryException {
    try (BrokerWatch watch = start(sources, boundMs, query)) {
      try {
        while (!query.awaitTermination(WAIT_MS)) {
          // A query thread that does not stop (blocked where an interrupt does not reach) must not
          // hold the refresh: give up a connect timeout after asking it to stop. Spark stops that
          // run when the next refresh starts the query again (stopActiveRunOnRestart).
          if (watch.lost != null && System.nanoTime() - watch.lostAt > ms(boundMs)) {
            LOG.warn(
                "{} did not stop within {} ms; {}", query.name(), boundMs, whereRuns(query.name()));
            break;
          }
        }
      } catch (StreamingQueryException e) {
        if (watch.lost != null) {
          throw KafkaFailures.brokerLost(table, watch.lost, boundMs);
        }
        throw e;
      }
      if (watch.lost != null) {
        throw KafkaFailures.brokerLost(table, watch.lost, boundMs);
      }
    }
  }

  /**
   * Logs where an earlier run of the query named {@code name} is, when one is still stopping: Spark
   * stops it before the next run starts ({@code stopActiveRunOnRestart}) and waits for its thread,
   * so a refresh that waits long says on what.
   */
  static void warnIfStillStopping(String name) {
    String where = whereRuns(name);
    if (!where.isEmpty()) {
      LOG.warn(
          "An earlier run of {} is still stopping; this refresh waits for it. {}", name, where);
    }
  }

  /** The stack of each live thread running the query named {@code name}, or "" when none is. */
  private static String whereRuns(String name) {
    String prefix = "stream execution thread for " + name + " [";
    // Names first, stacks only of a match: this runs before every refresh.
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 64];
    int count = root.enumerate(threads, true);
    StringBuilder where = new StringBuilder();
    for (int t = 0; t < count; t++) {
      if (threads[t].getName().startsWith(prefix)) {
        StackTraceElement[] stack = threads[t].getStackTrace();
        where.append("Its thread (").append(threads[t].getState()).append(") is at:");
        for (int i = 0; i < Math.min(stack.length, STACK_FRAMES); i++) {
          where.append("\n\tat ").append(stack[i]);
        }
      }
    }
    return where.toString();
  }

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }

  private static BrokerWatch start(
      List<ReadKafkaSource> sources, long boundMs, StreamingQuery query) {
    BrokerWatch watch = new BrokerWatch(sources, boundMs, query);
    long interval = Math.min(MAX_PROBE_MS, Math.max(200, boundMs / 10));
    if (!sources.isEmpty()) {
      watch.timer.scheduleWithFixedDelay(watch::probe, interval, interval, TimeUnit.MILLISECONDS);
    }
    return watch;
  }

  private void probe() {
    if (lost != null || !query.isActive()) {
      return;
    }
    for (ReadKafkaSource source : sources) {
      String failure =
          KafkaPreflight.unreachable(source.bootstrapServers(), Math.min(MAX_PROBE_MS, boundMs));
      if (failure == null) {
        continue;
      }
      long now = System.nanoTime();
      if (downSince < 0) {
        downSince = now;
      }
      if (TimeUnit.NANOSECONDS.toMillis(now - downSince) >= boundMs) {
        lostAt = System.nanoTime();
        lost = new Lost(source.bootstrapServers(), failure);
        // One line, not a stack trace: the refresh's error says the rest.
        LOG.warn(
            "Stopping {}: Kafka at {} is unreachable ({})", query.name(), lost.servers, failure);
        stopQuery();
      }
      return;
    }
    downSince = -1;
  }

  private void stopQuery() {
    try {
      query.stop();
    } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
      LOG.warn("Could not stop {}: {}", query.name(), e.toString());
    }
  }

  /** Ends the probes; a stop under way goes on (not interrupted) on the watch's daemon thread. */
  @Override
  public void close() {
    timer.shutdown();
  }
}
