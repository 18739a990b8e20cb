package io.github.sparkkafkasql.streaming;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.function.LongConsumer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.sources.DeltaDataSource;
import org.apache.spark.sql.execution.streaming.Sink;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.storage.StorageLevel;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Writes each micro-batch of a refresh with Delta's own streaming sink, called from {@code
 * foreachBatch} so that the batch's observed metrics ({@link DefinitionPlan#METRICS}) are counted.
 *
 * <p>Spark reads a batch's observed metrics from the plan it planned for the batch. Given that plan
 * directly ({@code writeStream().format("delta")}), Delta 4.4's {@code DeltaSink.addBatch} → {@code
 * TransactionalWrite.normalizeData} → {@code
 * ColumnWithDefaultExprUtils.addDefaultExprsOrReturnConstraints}
 * (spark/src/main/scala/org/apache/spark/sql/delta/ColumnWithDefaultExprUtils.scala) selects the
 * table's columns on top of it in a new {@code IncrementalExecution} whenever the table has a
 * DEFAULT or a generated column, and runs that instead: the planned plan never runs and its metrics
 * stay at zero rows. Spark's {@code ForeachBatchSink} runs the planned plan itself ({@code
 * data.queryExecution.toRdd}) and hands on its rows, so whatever Delta builds on top, the metrics
 * are those of the rows written. The sink is the same {@code DeltaSink}: each batch is still one
 * {@code STREAMING UPDATE} commit recording (query id, batch id), so a batch already committed is
 * skipped. Delete this class the day Delta keeps the micro-batch's plan (or Spark counts observed
 * metrics of the plan a sink runs).
 *
 * <p>When the rows carry a quarantine column ({@link QuarantineRows}), the batch is cached and
 * split: the quarantined rows go to the dead-letter table first, then the others to the table. The
 * batch's plan (and its metrics) runs once; both writes are idempotent per batch.
 */
final class DeltaBatchSink implements VoidFunction2<Dataset<Row>, Long> {

  private final String location;
  private final QuarantineRows.Target quarantine;
  private final LongConsumer committed;

  /**
   * {@code quarantine} is null when the refresh quarantines nothing; {@code committed} runs after
   * each batch is in the table (commitOffsets: {@link GroupOffsets}).
   */
  DeltaBatchSink(String location, QuarantineRows.Target quarantine, LongConsumer committed) {
    this.location = location;
    this.quarantine = quarantine;
    this.committed = committed;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    SparkSession spark = batch.sparkSession();
    // Runs on the query's thread, where the sink finds the query id it records with each commit.
    Sink sink =
        new DeltaDataSource()
            .createSink(
                spark.sqlContext(),
                new scala.collection.immutable.Map.Map1<>("path", location),
                CollectionConverters.asScala(List.<String>of()).toList(),
                OutputMode.Append());
    if (quarantine == null) {
      sink.addBatch(batchId, batch);
    } else {
      batch.persist(StorageLevel.MEMORY_AND_DISK());
      try {
        quarantine.write(batch, batchId);
        sink.addBatch(
            batchId, batch.filter(col(QuarantineRows.COLUMN).isNull()).drop(QuarantineRows.COLUMN));
      } finally {
        batch.unpersist();
      }
    }
    committed.accept(batchId);
  }
}
