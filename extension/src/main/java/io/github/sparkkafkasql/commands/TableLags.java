package io.github.sparkkafkasql.commands;

import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.streaming.StreamingTableStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The total lag of several streaming tables for SHOW STREAMING TABLES, computed side by side and
 * waited for at most {@link KafkaSqlConf#SHOW_LAG_TIMEOUT} in all: a broker that does not answer
 * makes the lag NULL, never the statement hang.
 */
final class TableLags {

  private static final Logger LOG = LoggerFactory.getLogger(TableLags.class);

  private static final AtomicInteger THREADS = new AtomicInteger();

  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "kafka-sql-lag-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  private TableLags() {}

  static List<Long> of(SparkSession spark, List<StoredTable> tables) {
    List<Future<Long>> futures = new ArrayList<>();
    for (StoredTable table : tables) {
      futures.add(
          POOL.submit(
              () -> {
                SparkSession.setActiveSession(spark);
                return StreamingTableStatus.totalLag(spark, table);
              }));
    }
    long deadline = System.nanoTime() + KafkaSqlConf.SHOW_LAG_TIMEOUT.get(spark) * 1_000_000;
    List<Long> lags = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      Future<Long> f = futures.get(i);
      try {
        lags.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        lags.add(null);
      } catch (Exception e) {
        LOG.debug("No lag for {}", tables.get(i).sqlName(), e);
        f.cancel(true);
        lags.add(null);
      }
    }
    return lags;
  }
}
