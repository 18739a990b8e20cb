package io.github.sparkkafkasql.cli;

import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * A statement that fails in a Spark task is reported once, as its error (with the stack trace under
 * {@code --verbose}). Spark logs the same failure on its way up, a stack trace from each layer (the
 * task, the task set, the file writer), which in a shell buries the error itself. A Spark Connect
 * server ({@code --serve}) keeps them: its operator has no other view.
 */
final class QuietLogs {

  private QuietLogs() {}

  /** Spark's loggers of a failing task, off for this JVM. */
  static void taskFailures() {
    Configurator.setLevel(
        Map.of(
            // "Exception in task …", "Lost task …", "Task … failed 1 times; aborting job".
            "org.apache.spark.executor.Executor", Level.OFF,
            "org.apache.spark.scheduler.TaskSetManager", Level.OFF,
            // "Aborting job" of a write that failed. (Utils' "Aborting task" is filtered in
            // log4j2.properties: that logger also reports a dying SparkContext.)
            "org.apache.spark.sql.execution.datasources.FileFormatWriter", Level.OFF,
            "org.apache.spark.sql.delta.files.DeltaFileFormatWriter", Level.OFF,
            // Against `kafka.group.id`, which commitOffsets => true requires (see the docs).
            "org.apache.spark.sql.kafka010.KafkaSourceProvider", Level.ERROR));
  }
}
