package io.github.sparkkafkasql.bench;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code --stages}: logs each completed Spark stage's task count and duration, the first thing
 * to look at when a variant is slow (it showed the Delta sink's 50-task state rebuild).
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
}
