package io.github.sparkkafkasql.commands;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code SET key = value} for a key that holds a secret ({@code spark.kafkaSql.secret.name}, or a
 * name Spark redacts): Spark's own SET, whose result row would print the value back (the CLI, a
 * notebook, a JDBC client's log), then that row with the value redacted, as {@code SET key} shows
 * it.
 */
public final class SetSecretCommand extends KafkaSqlCommand {

  /** Spark's redaction text ({@code Utils.REDACTION_REPLACEMENT_TEXT}). */
  static final String REDACTED = "*********(redacted)";

  private final LogicalPlan sparkSet;
  private final String key;

  public SetSecretCommand(LogicalPlan sparkSet, String key) {
    super(
        new StructType()
            .add("key", DataTypes.StringType, false)
            .add("value", DataTypes.StringType, true));
    this.sparkSet = sparkSet;
    this.key = key;
  }

  @Override
  protected List<Row> execute(SparkSession spark) {
    org.apache.spark.sql.classic.Dataset.ofRows(
            (org.apache.spark.sql.classic.SparkSession) spark, sparkSet)
        .collect();
    return List.of(RowFactory.create(key, REDACTED));
  }

  @Override
  protected List<Object> arguments() {
    return List.of(key);
  }
}
