package io.github.sparkkafkasql.streaming;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Starts building a Delta table's state while a refresh's streaming query starts, instead of after.
 *
 * <p>Before it writes a batch, Delta's streaming sink asks the table's snapshot which batch the
 * query committed last ({@code OptimisticTransaction.txnVersion}), and Delta 4.4 answers that from
 * the snapshot's full state: a Spark job of three stages, 0.3-0.6 s on the benchmark's machine for
 * a table of one commit. The snapshot keeps that state once built, and the sink gets the same
 * snapshot as long as no commit came in between. Building it on another thread while Spark writes
 * the query's checkpoint and plans its first batch takes it off the refresh's critical path; if the
 * table changed meanwhile, the sink builds the state of the newer snapshot itself, as before.
 */
final class TableState {

  private static final Logger LOG = LoggerFactory.getLogger(TableState.class);

  private TableState() {}

  /** Builds the state of the table at {@code location} in the background, in {@code spark}. */
  static void warm(SparkSession spark, String location) {
    Thread t =
        new Thread(
            () -> {
              SparkSession.setActiveSession(spark);
              try {
                DeltaLog.forTable(spark, location)
                    .update(false, Option.empty(), Option.empty())
                    .transactions();
              } catch (Exception | LinkageError e) {
                // Only a head start: the sink builds the state itself.
                LOG.debug("Could not build the state of {} ahead of the refresh", location, e);
              }
            },
            "kafka-sql table state");
    t.setDaemon(true);
    t.start();
  }
}
