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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
public final class QuarantineRows {

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
   * when missing and recorded in the table's properties; null when {@code df} quarantines nothing.
   * The table is the one {@code quarantineTable} names (in the table's namespace), else the one the
   * table already has (so a renamed table keeps it), else {@code <table>_quarantine}.
   */
  static Target target(
      SparkSession spark, StoredTable table, Dataset<Row> df, String refreshId, long refreshTime) {
    if (!has(df)) {
      return null;
    }
    List<String> main = StreamingTables.qualified(spark, table.name());
    String owner = String.join(".", main);
    List<String> name = name(table, main, df);
    String id =
        table.properties().getOrDefault(TableProperties.TABLE_ID, UUID.randomUUID().toString());
    Optional<StoredTable> existing = StreamingTables.load(spark, name);
    if (existing.isEmpty()) {
      List<String> columns = new ArrayList<>();
      for (StructField f : tableSchema().fields()) {
        columns.add(SqlText.identifier(List.of(f.name())) + " " + f.dataType().sql());
      }
      spark.sql(
          "CREATE TABLE IF NOT EXISTS "
              + SqlText.identifier(name)
              + " ("
              + String.join(", ", columns)
              + ") USING delta COMMENT "
              + SqlText.quote(comment(owner))
              + " TBLPROPERTIES ("
              + SqlText.quote(TableProperties.QUARANTINE_OF)
              + " = "
              + SqlText.quote(owner)
              + ", "
              + SqlText.quote(TableProperties.QUARANTINE_OF_ID)
              + " = "
              + SqlText.quote(id)
              + ")");
      existing = StreamingTables.load(spark, name);
    }
    StoredTable q = existing.orElseThrow();
    if (!belongsTo(spark, q, id, owner, table)) {
      throw PayloadErrors.quarantineTableTaken(table.sqlName(), SqlText.identifier(name));
    }
    // After a rename: the dead-letter table names its streaming table by the new name.
    if (!owner.equals(q.properties().get(TableProperties.QUARANTINE_OF))
        || !id.equals(q.properties().get(TableProperties.QUARANTINE_OF_ID))) {
      StreamingTables.setProperties(
          spark,
          q,
          Map.of(
              TableProperties.QUARANTINE_OF,
              owner,
              TableProperties.QUARANTINE_OF_ID,
              id,
              "comment",
              comment(owner)));
    }
    Map<String, String> own = new LinkedHashMap<>();
    if (!String.join(".", name).equals(table.properties().get(TableProperties.QUARANTINE_TABLE))) {
      own.put(TableProperties.QUARANTINE_TABLE, String.join(".", name));
    }
    if (!table.properties().containsKey(TableProperties.TABLE_ID)) {
      own.put(TableProperties.TABLE_ID, id);
    }
    if (!own.isEmpty()) {
      StreamingTables.setProperties(spark, table, own);
    }
    return new Target(q.location(), refreshId, refreshTime);
  }

  /**
   * Refuses a dead-letter table name a new streaming table would find taken, before the table is
   * created: the first refresh would otherwise fail with the table already there.
   */
  public static void checkFree(
      SparkSession spark, List<String> table, String sqlName, Dataset<Row> analysed) {
    if (!has(analysed)) {
      return;
    }
    List<String> main = StreamingTables.qualified(spark, table);
    List<String> name = name(null, main, analysed);
    // Its own name too: the streaming table is about to take it.
    if (String.join(".", name).equalsIgnoreCase(String.join(".", main))
        || StreamingTables.load(spark, name).isPresent()) {
      throw PayloadErrors.quarantineTableTaken(sqlName, SqlText.identifier(name));
    }
  }

  /**
   * The dead-letter table of streaming table {@code table}, when it has one that says it is its own
   * (its name could have been taken since).
   */
  public static Optional<StoredTable> of(SparkSession spark, StoredTable table) {
    String recorded = table.properties().get(TableProperties.QUARANTINE_TABLE);
    String id = table.properties().get(TableProperties.TABLE_ID);
    if (recorded == null) {
      return Optional.empty();
    }
    String owner = String.join(".", StreamingTables.qualified(spark, table.name()));
    return StreamingTables.load(spark, parts(recorded))
        .filter(q -> belongsTo(spark, q, id, owner, table));
  }

  /** The dead-letter table's name: as named in the definition, as recorded, or by default. */
  private static List<String> name(StoredTable table, List<String> main, Dataset<Row> df) {
    org.apache.spark.sql.types.Metadata column = df.schema().apply(COLUMN).metadata();
    String recorded =
        table == null ? null : table.properties().get(TableProperties.QUARANTINE_TABLE);
    if (!column.contains(DecodeErrorColumns.QUARANTINE_TABLE_KEY) && recorded != null) {
      return parts(recorded);
    }
    String named =
        column.contains(DecodeErrorColumns.QUARANTINE_TABLE_KEY)
            ? column.getString(DecodeErrorColumns.QUARANTINE_TABLE_KEY)
            : main.get(main.size() - 1) + "_quarantine";
    List<String> name = new ArrayList<>(main.subList(0, main.size() - 1));
    name.add(named);
    return name;
  }

  /**
   * Whether {@code q} is the dead-letter table of the streaming table with id {@code id} and name
   * {@code owner}: by id, which a rename keeps. One made before ids is by name, or, when {@code
   * table} records it and the streaming table it names is gone, by that record (it was renamed).
   */
  private static boolean belongsTo(
      SparkSession spark, StoredTable q, String id, String owner, StoredTable table) {
    String ofId = q.properties().get(TableProperties.QUARANTINE_OF_ID);
    if (ofId != null) {
      return ofId.equals(id);
    }
    String of = q.properties().get(TableProperties.QUARANTINE_OF);
    if (of == null) {
      return false;
    }
    if (of.equals(owner)) {
      return true;
    }
    String recorded = table.properties().get(TableProperties.QUARANTINE_TABLE);
    return String.join(".", StreamingTables.qualified(spark, q.name())).equals(recorded)
        && StreamingTables.load(spark, parts(of)).isEmpty();
  }

  /** A qualified name as this class records it (parts joined by dots), split back. */
  private static List<String> parts(String qualified) {
    return List.of(qualified.split("\\."));
  }

  private static String comment(String owner) {
    return "Rows streaming table " + owner + " could not load.";
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
