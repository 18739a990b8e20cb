package io.github.sparkkafkasql.streaming;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.github.sparkkafkasql.catalog.SqlText;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.catalog.TableProperties;
import io.github.sparkkafkasql.errors.PayloadErrors;
import io.github.sparkkafkasql.payloads.DecodeErrorColumns;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.Or;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The dead-letter side of a refresh. With {@code onDecodeError => 'quarantine'} the decoding
 * Project of {@code read_kafka} adds a column {@value DecodeErrorColumns#QUARANTINE_COLUMN}, NULL
 * for records that decode; ON VIOLATION QUARANTINE fills it for rows that violate the expectation.
 * The definition's query is rewritten to carry it to its result, and {@link DeltaBatchSink} splits
 * each micro-batch on it: the rest to the table, these rows to the dead-letter table, both
 * idempotent per (query id, batch id), so a replayed batch writes neither twice.
 */
final class QuarantineRows {

  static final String COLUMN = DecodeErrorColumns.QUARANTINE_COLUMN;

  private QuarantineRows() {}

  /** Whether the refresh's rows carry the quarantine column. */
  static boolean has(Dataset<Row> df) {
    return Arrays.asList(df.columns()).contains(COLUMN);
  }

  /**
   * {@code df} with the quarantine column of its {@code read_kafka} carried through the query's
   * projections and filters to its result: a filter lets the quarantined records pass (they have
   * NULL columns, which the condition would judge), a projection keeps the column.
   */
  static Dataset<Row> carry(Dataset<Row> df, String table) {
    org.apache.spark.sql.classic.Dataset<Row> classic =
        (org.apache.spark.sql.classic.Dataset<Row>) df;
    LogicalPlan plan = classic.logicalPlan();
    if (!produces(plan)) {
      return df;
    }
    return org.apache.spark.sql.classic.Dataset.ofRows(classic.sparkSession(), carry(plan, table));
  }

  private static LogicalPlan carry(LogicalPlan plan, String table) {
    // Filters first: a filter's output is its child's, so it shows the column without passing it.
    if (plan instanceof Filter f && produces(f.child())) {
      LogicalPlan child = carry(f.child(), table);
      return new Filter(new Or(new IsNotNull(find(child)), f.condition()), child);
    }
    if (plan instanceof Project p && produces(p.child())) {
      LogicalPlan child = carry(p.child(), table);
      List<NamedExpression> list = new ArrayList<>(CollectionConverters.asJava(p.projectList()));
      if (list.stream().noneMatch(e -> e.name().equals(COLUMN))) {
        list.add(find(child));
      }
      return new Project(CollectionConverters.asScala(list).toList(), child);
    }
    if (plan instanceof SubqueryAlias s && produces(s.child())) {
      return s.withNewChildren(
          CollectionConverters.asScala(List.of(carry(s.child(), table))).toSeq());
    }
    if (find(plan) != null && plan.children().forall(c -> !produces(c))) {
      return plan; // read_kafka's decoding Project
    }
    throw PayloadErrors.quarantineUnsupportedQuery(table, plan.nodeName());
  }

  private static boolean produces(LogicalPlan plan) {
    if (find(plan) != null) {
      return true;
    }
    for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
      if (produces(child)) {
        return true;
      }
    }
    return false;
  }

  private static Attribute find(LogicalPlan plan) {
    for (Attribute a : CollectionConverters.asJava(plan.output())) {
      if (a.name().equals(COLUMN)) {
        return a;
      }
    }
    return null;
  }

  /** The columns of a dead-letter table. */
  static StructType tableSchema() {
    return DecodeErrorColumns.QUARANTINE_TYPE
        .add("refresh_id", "string")
        .add("refresh_time", "timestamp");
  }

  /**
   * Where a refresh of {@code table} writes its quarantined rows: the dead-letter table, created
   * when missing (as {@code <table>_quarantine} unless {@code quarantineTable} names it, in the
   * table's namespace) and recorded in the table's properties; null when {@code df} quarantines
   * nothing.
   */
  static Target target(
      SparkSession spark, StoredTable table, Dataset<Row> df, String refreshId, long refreshTime) {
    if (!has(df)) {
      return null;
    }
    List<String> main = StreamingTables.qualified(spark, table.name());
    String named =
        df.schema().apply(COLUMN).metadata().contains(DecodeErrorColumns.QUARANTINE_TABLE_KEY)
            ? df.schema()
                .apply(COLUMN)
                .metadata()
                .getString(DecodeErrorColumns.QUARANTINE_TABLE_KEY)
            : main.get(main.size() - 1) + "_quarantine";
    List<String> name = new ArrayList<>(main.subList(0, main.size() - 1));
    name.add(named);
    String sqlName = SqlText.identifier(name);
    String owner = String.join(".", main);
    Optional<StoredTable> existing = StreamingTables.load(spark, name);
    if (existing.isEmpty()) {
      List<String> columns = new ArrayList<>();
      for (StructField f : tableSchema().fields()) {
        columns.add(SqlText.identifier(List.of(f.name())) + " " + f.dataType().sql());
      }
      spark.sql(
          "CREATE TABLE IF NOT EXISTS "
              + sqlName
              + " ("
              + String.join(", ", columns)
              + ") USING delta COMMENT "
              + SqlText.quote("Rows streaming table " + owner + " could not load.")
              + " TBLPROPERTIES ("
              + SqlText.quote(TableProperties.QUARANTINE_OF)
              + " = "
              + SqlText.quote(owner)
              + ")");
      existing = StreamingTables.load(spark, name);
    }
    StoredTable q = existing.orElseThrow();
    if (!owner.equals(q.properties().get(TableProperties.QUARANTINE_OF))) {
      throw PayloadErrors.quarantineTableTaken(table.sqlName(), sqlName);
    }
    if (!String.join(".", name).equals(table.properties().get(TableProperties.QUARANTINE_TABLE))) {
      StreamingTables.setProperties(
          spark, table, Map.of(TableProperties.QUARANTINE_TABLE, String.join(".", name)));
    }
    return new Target(q.location(), refreshId, refreshTime);
  }

  /** A dead-letter table's location, and the refresh whose rows go there. */
  record Target(String location, String refreshId, long refreshTime) implements Serializable {

    /**
     * Appends the quarantined rows of a batch, once: Delta's idempotent writes skip a (query id,
     * batch id) the table already holds, as its streaming sink does for the main table.
     */
    void write(Dataset<Row> batch, long batchId) {
      Dataset<Row> rows =
          batch
              .filter(col(COLUMN).isNotNull())
              .select(col(COLUMN + ".*"))
              .withColumn("refresh_id", lit(refreshId))
              .withColumn("refresh_time", lit(new Timestamp(refreshTime)));
      if (rows.isEmpty()) {
        return;
      }
      String queryId =
          batch.sparkSession().sparkContext().getLocalProperty("sql.streaming.queryId");
      if (queryId == null) {
        throw new IllegalStateException("A quarantine write outside a streaming query's batch");
      }
      rows.write()
          .format("delta")
          .mode("append")
          .option("txnAppId", queryId)
          .option("txnVersion", batchId)
          .save(location);
    }
  }
}
