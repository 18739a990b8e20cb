package io.github.sparkkafkasql.commands;

import io.github.sparkkafkasql.streaming.RefreshResult;
import io.github.sparkkafkasql.streaming.Refresher;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code REFRESH STREAMING TABLE name [FULL]}. */
public final class RefreshStreamingTableCommand extends KafkaSqlCommand {

  private final List<String> name;
  private final boolean full;

  public RefreshStreamingTableCommand(List<String> name, boolean full) {
    super(RefreshResult.SCHEMA);
    this.name = List.copyOf(name);
    this.full = full;
  }

  @Override
  protected List<Row> execute(SparkSession spark) {
    return Refresher.refresh(spark, name, full).rows();
  }

  @Override
  protected List<Object> arguments() {
    return List.of(String.join(".", name), full ? "FULL" : "INCREMENTAL");
  }
}
