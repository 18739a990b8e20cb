package io.github.sparkkafkasql.commands;

import io.github.sparkkafkasql.catalog.SqlText;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DROP DATABASE … CASCADE}: each streaming table of the database is dropped first as {@code
 * DROP TABLE} drops it (its streaming state, which may live outside the database's directory under
 * {@code spark.kafkaSql.stateRoot}, its schedule and its dead-letter table), then Spark drops the
 * database and what is left in it.
 */
public final class DropDatabaseCommand extends KafkaSqlCommand {

  private static final Logger LOG = LoggerFactory.getLogger(DropDatabaseCommand.class);

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
    } catch (Exception e) { // AnalysisException, checked for Java
      if (e instanceof AnalysisException a && "SCHEMA_NOT_FOUND".equals(a.getCondition())) {
        return List.of(); // Spark's drop then says so, or IF EXISTS lets it pass
      }
      throw e;
    }
    List<StoredTable> tables = new ArrayList<>();
    for (Row t : listed) {
      if (t.getBoolean(2)) {
        continue; // temporary views
      }
      List<String> name = new ArrayList<>(namespace);
      name.add(t.getString(1));
      try {
        StreamingTables.load(spark, name)
            .filter(StoredTable::isStreamingTable)
            .ifPresent(tables::add);
      } catch (Exception unreadable) { // Delta's AnalysisException too
        // A table that cannot be read (a damaged Delta log, say) must not keep the database from
        // being dropped: Spark's drop removes it with the rest, as it would without this extension.
        LOG.warn(
            "DROP DATABASE {} CASCADE: could not read table {} ({}); it is dropped as a plain table,"
                + " and any streaming state it had outside the database's directory is left",
            SqlText.identifier(namespace),
            SqlText.identifier(name),
            unreadable.toString());
      }
    }
    return tables;
  }

  @Override
  protected List<Object> arguments() {
    return List.of(String.join(".", namespace), true);
  }
}
