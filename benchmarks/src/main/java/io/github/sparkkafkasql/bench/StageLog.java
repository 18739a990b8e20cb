package io.github.sparkkafkasql.bench;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code --stages}: logs each completed Spark stage's task count and duration, the first thing
 * to look at when a variant is slow (it showed the Delta sink's 50-task state rebuild), and each
 * streaming batch's phases as Spark reports them ({@code durationMs} of the query's progress).
 */
final class StageLog extends SparkListener {

  private static final Logger LOG = LoggerFactory.getLogger(StageLog.class);

  @Override
  public void onStageCompleted(SparkListenerStageCompleted completed) {
    StageInfo stage = completed.stageInfo();
    if (stage.submissionTime().isEmpty() || stage.completionTime().isEmpty()) {
      return;
    }
    long ms = (Long) stage.completionTime().get() - (Long) stage.submissionTime().get();
    String name = stage.name().replaceAll("\\s+", " ");
    LOG.info("stage {}: {} tasks, {} ms ({})", stage.stageId(), stage.numTasks(), ms, name);
  }

  /**
   * Logs each micro-batch's rows and the milliseconds of its phases, for queries of any session (a
   * refresh runs in a session of its own, whose query listeners this session does not see).
   */
  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    if (event instanceof StreamingQueryListener.QueryProgressEvent e) {
      StreamingQueryProgress p = e.progress();
      LOG.info("batch {}: {} rows, ms {}", p.batchId(), p.numInputRows(), p.durationMs());
    }
  }
}
