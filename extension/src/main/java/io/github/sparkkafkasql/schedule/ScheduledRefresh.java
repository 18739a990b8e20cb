package io.github.sparkkafkasql.schedule;

import io.github.sparkkafkasql.streaming.Refresher;
import io.github.sparkkafkasql.streaming.ScheduledRun;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One refresh the scheduler starts, on a refresh thread, in a session of its own. */
final class ScheduledRefresh {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledRefresh.class);

  /** How it ended, for the scheduler. */
  enum Outcome {
    /** It ran; success and failure are both recorded in the table. */
    DONE,
    /** Another refresh of the table held its lock. */
    SKIPPED,
    /** The table or its schedule changed since the scheduler read it. */
    STALE
  }

  private ScheduledRefresh() {}

  static Outcome run(SparkSession spark, ScheduledTable entry, FireTimes.Fire fire) {
    String name = String.join(".", entry.name);
    org.apache.spark.sql.classic.SparkSession.setActiveSession(
        (org.apache.spark.sql.classic.SparkSession) spark);
    spark.sparkContext().setJobDescription("Scheduled refresh of " + name);
    try {
      Refresher.scheduled(
          spark,
          entry.name,
          new ScheduledRun(fire.at(), fire.catchUp()),
          table -> {
            // Under the lock: a schedule dropped or changed meanwhile calls the refresh off.
            if (!entry.schedule.equals(table.schedule())) {
              throw new Stale();
            }
          });
      return Outcome.DONE;
    } catch (Stale e) {
      return Outcome.STALE;
    } catch (Exception e) {
      String condition = e instanceof SparkThrowable st ? st.getCondition() : null;
      if ("KAFKA_SQL_REFRESH_IN_PROGRESS".equals(condition)) {
        return Outcome.SKIPPED;
      }
      if ("TABLE_OR_VIEW_NOT_FOUND".equals(condition)
          || "KAFKA_SQL_NOT_A_STREAMING_TABLE".equals(condition)) {
        return Outcome.STALE;
      }
      if (spark.sparkContext().isStopped()) {
        LOG.info("The scheduled refresh of {} was cut off by the application's end", name);
        return Outcome.DONE;
      }
      LOG.warn(
          "The scheduled refresh of {} failed; the failure is recorded in the table's"
              + " kafkasql.lastScheduledRefresh and later scheduled refreshes go on",
          name,
          e);
      return Outcome.DONE;
    } finally {
      spark.sparkContext().setJobDescription(null);
      org.apache.spark.sql.classic.SparkSession.clearActiveSession();
    }
  }

  /** Thrown under the lock when the schedule changed; carries no stack trace. */
  private static final class Stale extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stale() {
      super(null, null, false, false);
    }
  }
}
