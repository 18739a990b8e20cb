package io.github.sparkkafkasql.commands;

import io.github.sparkkafkasql.catalog.SqlText;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.StructType;

/**
 * {@code DROP DATABASE … CASCADE}: each streaming table of the database is dropped first as {@code
 * DROP TABLE} drops it (its streaming state, which may live outside the database's directory under
 * {@code spark.kafkaSql.stateRoot}, its schedule and its dead-letter table), then Spark drops the
 * database and what is left in it.
 */
public final class DropDatabaseCommand extends KafkaSqlCommand {

  private final LogicalPlan sparkDrop;
  private final List<String> namespace;

  public DropDatabaseCommand(LogicalPlan sparkDrop, List<String> namespace) {
    super(new StructType());
    this.sparkDrop = sparkDrop;
    this.namespace = List.copyOf(namespace);
  }

  @Override
  protected List<Row> execute(SparkSession spark) {
    for (StoredTable table : streamingTables(spark)) {
      spark.sql("DROP TABLE IF EXISTS " + table.sqlName());
    }
    org.apache.spark.sql.classic.Dataset.ofRows(
            (org.apache.spark.sql.classic.SparkSession) spark, sparkDrop)
        .collect();
    return List.of();
  }

  /** The database's streaming tables; none when it does not exist (Spark's drop then says so). */
  private List<StoredTable> streamingTables(SparkSession spark) {
    List<Row> listed;
    try {
      listed = spark.sql("SHOW TABLES IN " + SqlText.identifier(namespace)).collectAsList();
    } catch (Exception noSuchDatabase) { // AnalysisException, checked for Java
      return List.of();
    }
    List<StoredTable> tables = new ArrayList<>();
    for (Row t : listed) {
      if (t.getBoolean(2)) {
        continue; // temporary views
      }
      List<String> name = new ArrayList<>(namespace);
      name.add(t.getString(1));
      StreamingTables.load(spark, name)
          .filter(StoredTable::isStreamingTable)
          .ifPresent(tables::add);
    }
    return tables;
  }

  @Override
  protected List<Object> arguments() {
    return List.of(String.join(".", namespace), true);
  }
}
