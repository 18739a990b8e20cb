package io.github.sparkkafkasql.schedule;

import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkContext$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scheduled refreshes in the background of a long-running application (a Thrift or Connect
 * server, a notebook, the interactive CLI): one scheduler per SparkContext, on daemon threads, so
 * it never keeps a JVM alive.
 *
 * <p>It starts with the context's first session that has the extension, reads the schedules of the
 * session catalog's streaming tables (so schedules resume after a restart), hears of CREATE, ALTER
 * and DROP in this application at once, and rescans the catalog now and then for changes made
 * elsewhere. Each fire starts a refresh through {@link Refresher} under the table's usual lock, on
 * a pool of refresh threads; a fire while the table's refresh still runs is skipped, not queued.
 */
public final class RefreshScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(RefreshScheduler.class);
  private static final AtomicReference<RefreshScheduler> CURRENT = new AtomicReference<>();

  private final SparkContext context;
  private final long rescanMillis;
  private final ScheduledThreadPoolExecutor timer;
  private final ExecutorService refreshes;
  private final Map<List<String>, ScheduledTable> tables = new ConcurrentHashMap<>();
  private volatile SparkSession base;
  private volatile boolean stopped;

  private RefreshScheduler(SparkContext context, SparkConf conf) {
    this.context = context;
    this.rescanMillis = KafkaSqlConf.SCHEDULER_RESCAN_INTERVAL.get(conf);
    this.timer = new ScheduledThreadPoolExecutor(1, daemons("kafka-sql-scheduler"));
    // Stopping lets a running catalog scan finish (an interrupt makes the metastore's Derby close
    // its connection and log a stack trace as the application exits) and drops what is pending.
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    this.refreshes =
        Executors.newFixedThreadPool(
            KafkaSqlConf.SCHEDULER_THREADS.get(conf), daemons("kafka-sql-scheduled-refresh"));
  }

  /** Starts the active SparkContext's scheduler unless it runs or is disabled. */
  public static void ensureStarted() {
    // The context whose session is being built (SparkContext.getActive is private[spark]).
    SparkContext sc = SparkContext$.MODULE$.getActive().getOrElse(() -> null);
    if (sc == null || sc.isStopped() || runningFor(sc) != null) {
      return;
    }
    synchronized (CURRENT) {
      RefreshScheduler current = CURRENT.get();
      if (current != null && current.context == sc) {
        return;
      }
      if (current != null) {
        current.stop();
      }
      SparkConf conf = sc.getConf();
      if (!KafkaSqlConf.SCHEDULER_ENABLED.get(conf)) {
        return;
      }
      RefreshScheduler s = new RefreshScheduler(sc, conf);
      CURRENT.set(s);
      sc.addSparkListener(
          new SparkListener() {
            @Override
            public void onApplicationEnd(SparkListenerApplicationEnd end) {
              s.stop();
            }
          });
      s.later(s::scan, 0);
    }
  }

  /** The scheduler of this session's context, or null when none runs. */
  static RefreshScheduler running(SparkSession spark) {
    return runningFor(spark.sparkContext());
  }

  private static RefreshScheduler runningFor(SparkContext sc) {
    RefreshScheduler s = CURRENT.get();
    return s != null && s.context == sc && !s.stopped ? s : null;
  }

  /**
   * Applies a table's current schedule after a statement of this application set, changed or
   * removed it (or dropped the table), before the statement returns.
   */
  public static void changed(SparkSession spark, List<String> name) {
    RefreshScheduler s = running(spark);
    if (s == null) {
      return;
    }
    List<String> qualified = StreamingTables.qualified(spark, name);
    s.apply(qualified, StreamingTables.load(spark, qualified).orElse(null), false);
  }

  /** What the scheduler knows of a table (by qualified name), or null. */
  ScheduledTable table(List<String> qualifiedName) {
    return tables.get(key(qualifiedName));
  }

  /** The map key of a qualified name: the session catalog matches names ignoring case. */
  private static List<String> key(List<String> name) {
    return name.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
  }

  /** Adds, changes or removes a table's entry; {@code onlyNew} leaves known tables alone. */
  private synchronized void apply(List<String> name, StoredTable table, boolean onlyNew) {
    ScheduledTable known = tables.get(key(name));
    if (stopped || (onlyNew && known != null)) {
      return;
    }
    var schedule = table != null && table.isStreamingTable() ? table.schedule() : null;
    if (known != null && schedule != null && known.schedule.equals(schedule)) {
      return;
    }
    if (known != null) {
      known.cancel();
      tables.remove(key(name));
    }
    if (schedule != null) {
      ScheduledTable entry = new ScheduledTable(name, schedule);
      tables.put(key(name), entry);
      arm(
          entry,
          FireTimes.first(
              schedule,
              FireTimes.lastScheduledFor(context.hadoopConfiguration(), table),
              Instant.now()));
    }
  }

  private void arm(ScheduledTable entry, FireTimes.Fire fire) {
    entry.next = fire;
    if (fire != null) {
      long delay = Math.max(0, fire.at().toEpochMilli() - System.currentTimeMillis());
      entry.timer = later(() -> fire(entry, fire), delay);
    }
  }

  /** Runs the task on the timer thread after the delay, unless the scheduler has stopped. */
  private ScheduledFuture<?> later(Runnable task, long delayMillis) {
    try {
      return stopped ? null : timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return null; // stopped meanwhile
    }
  }

  private synchronized void fire(ScheduledTable entry, FireTimes.Fire fire) {
    if (tables.get(key(entry.name)) != entry) {
      return;
    }
    if (stopped) {
      return;
    }
    if (entry.busy.compareAndSet(false, true)) {
      refreshes.execute(() -> run(entry, fire));
    } else {
      skipped(entry, fire, "the previous scheduled refresh was still running");
    }
    arm(entry, FireTimes.after(entry.schedule, fire.at(), Instant.now()));
  }

  private void run(ScheduledTable entry, FireTimes.Fire fire) {
    try {
      SparkSession spark = session();
      if (spark == null) {
        skipped(entry, fire, "the application has no default Spark session yet");
        return;
      }
      ScheduledRefresh.Outcome outcome = ScheduledRefresh.run(spark.newSession(), entry, fire);
      switch (outcome) {
        case SKIPPED -> skipped(entry, fire, "a refresh of the table was already running");
        case STALE -> later(() -> reload(entry.name), 0);
        case DONE -> {}
      }
    } catch (Exception e) {
      LOG.warn("Scheduled refresh of {} could not start", String.join(".", entry.name), e);
    } finally {
      entry.busy.set(false);
    }
  }

  private static void skipped(ScheduledTable entry, FireTimes.Fire fire, String reason) {
    entry.lastSkip = new ScheduledTable.Skip(fire.at(), Instant.now(), reason);
    LOG.info(
        "Skipped the scheduled refresh of {} at {}: {}",
        String.join(".", entry.name),
        fire.at(),
        reason);
  }

  /** Reads the catalog's schedules: at start, then every rescan interval. */
  private void scan() {
    if (stopped) {
      return;
    }
    try {
      if (session() == null) {
        later(this::scan, 1000);
        return;
      }
      for (StoredTable t : StreamingTables.scheduled(base)) {
        apply(t.name(), t, true);
      }
      LOG.info("Refresh scheduler: {} scheduled streaming table(s)", tables.size());
    } catch (Exception e) {
      // Catalog errors are AnalysisExceptions (a database dropped meanwhile): the rescan below must
      // still be armed.
      LOG.warn("Could not read the refresh schedules from the catalog", e);
    }
    if (rescanMillis > 0) {
      later(this::scan, rescanMillis);
    }
  }

  private void reload(List<String> name) {
    try {
      if (session() == null) {
        return;
      }
      Optional<StoredTable> t = StreamingTables.load(base, name);
      apply(name, t.orElse(null), false);
    } catch (Exception e) {
      LOG.warn("Could not read the schedule of {}", String.join(".", name), e);
    }
  }

  /** The session refreshes start from: a new session of the context's default session. */
  private SparkSession session() {
    if (base == null) {
      var found = org.apache.spark.sql.classic.SparkSession.getDefaultSession();
      if (found.isEmpty() || found.get().sparkContext() != context) {
        return null;
      }
      base = found.get().newSession();
    }
    return base;
  }

  private synchronized void stop() {
    stopped = true;
    timer.shutdown();
    refreshes.shutdownNow();
    CURRENT.compareAndSet(this, null);
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
