package io.github.sparkkafkasql.commands;

import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.schedule.RefreshScheduler;
import io.github.sparkkafkasql.streaming.TableMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ALTER TABLE … RENAME TO}: Spark's own rename, then the scheduler moves a streaming table's
 * schedule to the new name at once (it would otherwise keep the old name until its next catalog
 * scan, and the table's scheduled refreshes would stop until then).
 */
public final class RenameTableCommand extends KafkaSqlCommand {

  private final LogicalPlan sparkRename;
  private final List<String> from;
  private final List<String> to;

  public RenameTableCommand(LogicalPlan sparkRename, List<String> from, List<String> to) {
    super(new StructType());
    this.sparkRename = sparkRename;
    this.from = List.copyOf(from);
    this.to = List.copyOf(to);
  }

  @Override
  protected List<Row> execute(SparkSession spark) {
    List<String> old = StreamingTables.qualified(spark, from);
    // An unqualified new name stays in the table's database, as Spark renames it.
    List<String> renamed = new ArrayList<>(old.subList(0, old.size() - 1));
    renamed.add(to.get(to.size() - 1));
    List<String> now = to.size() == 1 ? renamed : StreamingTables.qualified(spark, to);
    org.apache.spark.sql.classic.Dataset.ofRows(
            (org.apache.spark.sql.classic.SparkSession) spark, sparkRename)
        .collect();
    RefreshScheduler.changed(spark, old);
    RefreshScheduler.changed(spark, now);
    TableMetrics.forget(old);
    return List.of();
  }

  @Override
  protected List<Object> arguments() {
    return List.of(String.join(".", from), String.join(".", to));
  }
}
