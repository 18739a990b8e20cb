package io.github.sparkkafkasql.commands;

import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.schedule.RefreshScheduler;
import io.github.sparkkafkasql.streaming.QuarantineRows;
import io.github.sparkkafkasql.streaming.RefreshLock;
import io.github.sparkkafkasql.streaming.StateFiles;
import io.github.sparkkafkasql.streaming.TableMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.StructType;

/**
 * {@code DROP TABLE}: Spark's own drop, plus, for a streaming table, removal of its streaming state
 * so that a table created later under the same name starts clean, an end to its schedule, and the
 * drop of its dead-letter table (the rows it quarantined), which only it writes.
 */
public final class DropTableCommand extends KafkaSqlCommand {

  /** How long to wait for a running refresh (a scheduled one, say) to finish. */
  private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

  private final LogicalPlan sparkDrop;
  private final List<String> name;
  private final boolean ifExists;

  public DropTableCommand(LogicalPlan sparkDrop, List<String> name, boolean ifExists) {
    super(new StructType());
    this.sparkDrop = sparkDrop;
    this.name = List.copyOf(name);
    this.ifExists = ifExists;
  }

  @Override
  protected List<Row> execute(SparkSession spark) {
    Optional<StoredTable> table = StreamingTables.load(spark, name);
    if (table.isEmpty() || !table.get().isStreamingTable()) {
      dropInSpark(spark);
      return List.of();
    }
    StoredTable t = table.get();
    List<String> qualified = StreamingTables.qualified(spark, name);
    try (RefreshLock lock = RefreshLock.acquire(t.stateLocation(), t.sqlName(), LOCK_WAIT)) {
      dropInSpark(spark);
      StateFiles.delete(spark, t.stateLocation());
      dropQuarantine(spark, t);
    }
    RefreshScheduler.changed(spark, name);
    TableMetrics.forget(qualified);
    return List.of();
  }

  private static void dropQuarantine(SparkSession spark, StoredTable t) {
    QuarantineRows.of(spark, t).ifPresent(q -> spark.sql("DROP TABLE IF EXISTS " + q.sqlName()));
  }

  private void dropInSpark(SparkSession spark) {
    org.apache.spark.sql.classic.Dataset.ofRows(
            (org.apache.spark.sql.classic.SparkSession) spark, sparkDrop)
        .collect();
  }

  @Override
  protected List<Object> arguments() {
    return List.of(String.join(".", name), ifExists);
  }
}
