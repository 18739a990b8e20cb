package io.github.sparkkafkasql.streaming;

import io.github.sparkkafkasql.catalog.ColumnSpec;
import io.github.sparkkafkasql.catalog.RefreshSchedule;
import io.github.sparkkafkasql.catalog.SqlText;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTableDefinition;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.catalog.TableProperties;
import io.github.sparkkafkasql.channels.ReadKafkaChannels;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import io.github.sparkkafkasql.payloads.PayloadSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Creates a streaming table's Delta table, and applies additive changes to its definition. */
public final class TableSetup {

  private TableSetup() {}

  /**
   * Creates the Delta table for a new streaming table with Spark's CREATE TABLE, so columns,
   * defaults, generated columns, partitioning and clustering mean what they mean in Delta. {@code
   * analysed} is the definition as built for the first refresh: without declared columns, the
   * table's columns are its columns. {@code schedule} is a validated schedule, or null; {@code
   * payloadSchemas} the payload schemas settled by that analysis.
   */
  public static void create(
      SparkSession spark,
      List<String> name,
      String sqlName,
      StreamingTableDefinition definition,
      Dataset<Row> analysed,
      RefreshSchedule schedule,
      PayloadSchemas payloadSchemas) {
    List<String> columns = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (definition.columns().isEmpty()) {
      // Not analysed.schema(): the rows a refresh quarantines travel in a column of their own.
      for (StructField f : DefinitionPlan.tableSchema(analysed, definition).fields()) {
        columns.add(SqlText.identifier(List.of(f.name())) + " " + ColumnGrowth.columnType(f));
        names.add(f.name());
      }
    } else {
      definition.columns().forEach(c -> columns.add(c.sql()));
      definition.columns().forEach(c -> names.add(c.name()));
    }
    for (String p : definition.partitionedBy()) {
      // Delta's own error is a legacy one that prints the schema as a tree.
      if (names.stream().noneMatch(n -> n.equalsIgnoreCase(p))) {
        throw StreamingTableErrors.partitionColumnNotDefined(p, sqlName, names);
      }
    }
    StringBuilder ddl =
        new StringBuilder("CREATE TABLE ")
            .append(sqlName)
            .append(" (")
            .append(String.join(", ", columns))
            .append(") USING delta");
    if (!definition.partitionedBy().isEmpty()) {
      ddl.append(" PARTITIONED BY (").append(names(definition.partitionedBy())).append(')');
    }
    if (!definition.clusterBy().isEmpty()) {
      ddl.append(" CLUSTER BY (").append(names(definition.clusterBy())).append(')');
    }
    if (definition.comment() != null) {
      ddl.append(" COMMENT ").append(SqlText.quote(definition.comment()));
    }
    Map<String, String> own = ownProperties(spark, name, definition);
    if (schedule != null) {
      own.put(TableProperties.SCHEDULE, schedule.toJson());
    }
    if (!payloadSchemas.isEmpty()) {
      own.put(TableProperties.PAYLOAD_SCHEMAS, payloadSchemas.toJson());
    }
    if (definition.columns().stream().anyMatch(c -> c.defaultValue() != null)) {
      // Delta refuses DEFAULT unless the table enables the feature; declaring one asks for it.
      own.putIfAbsent(ALLOW_COLUMN_DEFAULTS, "supported");
    }
    List<String> props = new ArrayList<>();
    own.forEach((k, v) -> props.add(SqlText.quote(k) + " = " + SqlText.quote(v)));
    ddl.append(" TBLPROPERTIES (").append(String.join(", ", props)).append(')');
    spark.sql(ddl.toString());
  }

  private static final String ALLOW_COLUMN_DEFAULTS = "delta.feature.allowColumnDefaults";

  /** Column names (possibly nested, with dots) as SQL. */
  private static String names(List<String> columns) {
    return columns.stream()
        .map(c -> SqlText.identifier(List.of(c.split("\\.", -1))))
        .collect(Collectors.joining(", "));
  }

  private static Map<String, String> ownProperties(
      SparkSession spark, List<String> name, StreamingTableDefinition definition) {
    Map<String, String> props = new LinkedHashMap<>(definition.properties());
    props.put(TableProperties.STREAMING_TABLE, "true");
    props.put(TableProperties.DEFINITION, definition.toJson());
    props.put(TableProperties.GENERATION, "0");
    props.put(TableProperties.TABLE_ID, UUID.randomUUID().toString());
    String root = KafkaSqlConf.STATE_ROOT.get(spark);
    if (root != null && !root.isBlank()) {
      String dir = String.join(".", name).replaceAll("[^A-Za-z0-9_.-]", "_");
      props.put(
          TableProperties.STATE_LOCATION,
          root.replaceAll("/+$", "") + "/" + dir + "-" + UUID.randomUUID());
    }
    return props;
  }

  /**
   * Applies a changed definition to an existing streaming table when the change is additive (new
   * columns, expectations, comment, properties); otherwise fails naming the change. Inferred and
   * registry payload schemas are settled again and may grow the table's columns, also with the same
   * definition. Returns the new definition analysed for the refresh that follows, or null when
   * nothing changed.
   */
  public static Dataset<Row> update(
      SparkSession spark, StoredTable table, StreamingTableDefinition next) {
    StreamingTableDefinition current = table.definition();
    if (current.equals(next) && !PayloadSchemas.resettles(table.payloadSchemas())) {
      return null;
    }
    PayloadSchemas schemas = PayloadSchemas.resolving(table.payloadSchemas());
    if (!current.partitionedBy().equals(next.partitionedBy())) {
      throw StreamingTableErrors.incompatibleChange(
          table.sqlName(),
          "the partitioning changes from "
              + current.partitionedBy()
              + " to "
              + next.partitionedBy());
    }
    if (!current.clusterBy().equals(next.clusterBy())) {
      throw StreamingTableErrors.incompatibleChange(
          table.sqlName(),
          "the clustering changes from " + current.clusterBy() + " to " + next.clusterBy());
    }
    checkGeneratedColumns(table, current, next);
    StructType existing = spark.table(table.sqlName()).schema();
    Dataset<Row> after = Refresher.analyse(spark, table, next, schemas);
    DefinitionPlan.refuseTemporaryObjects(spark, next, after, table.sqlName());
    DefinitionPlan.checkStreamingOperations(after);
    // The sources can only differ when the query does; then the current one is analysed too,
    // without asking its brokers, which may be gone (replaced by the new definition's).
    if (!current.query().equals(next.query())) {
      Dataset<Row> before =
          ReadKafkaChannels.withoutBrokerChecks(
              () ->
                  DefinitionPlan.build(
                      spark,
                      table.sqlName(),
                      current,
                      false,
                      PayloadSchemas.stored(table.payloadSchemas())));
      String change =
          SourceSignature.of(before)
              .changeTo(
                  SourceSignature.of(after),
                  SourceIds.clusterIds(spark, table),
                  KafkaSqlConf.CONNECT_TIMEOUT.get());
      if (change != null) {
        throw StreamingTableErrors.incompatibleChange(table.sqlName(), change);
      }
    }
    StructType wanted = DefinitionPlan.tableSchema(after, next);
    // One ALTER per column, each placed where the written rows have it (also inside structs).
    for (String column : ColumnGrowth.added(table.sqlName(), existing, wanted)) {
      spark.sql("ALTER TABLE " + table.sqlName() + " ADD COLUMNS (" + column + ")");
    }
    Map<String, String> props = new LinkedHashMap<>();
    if (!current.equals(next)) {
      props.putAll(next.properties());
      props.put(TableProperties.DEFINITION, next.toJson());
      if (next.comment() != null) {
        props.put("comment", next.comment());
      }
    }
    String settled = schemas.isEmpty() ? null : schemas.toJson();
    if (settled != null && !settled.equals(table.payloadSchemas())) {
      props.put(TableProperties.PAYLOAD_SCHEMAS, settled);
    }
    StreamingTables.setProperties(spark, table, props);
    List<String> removed = new ArrayList<>(current.properties().keySet());
    removed.removeAll(next.properties().keySet());
    if (!removed.isEmpty()) {
      StreamingTables.unsetProperties(spark, table, removed);
    }
    return after;
  }

  /**
   * Sets, replaces or removes (when {@code next} is null) the table's schedule; an unchanged rule
   * keeps its start, so the fire times of an EVERY schedule stay put. Call under the refresh lock:
   * a property change is a Delta commit, which would fail a running refresh's batch.
   */
  public static void schedule(SparkSession spark, StoredTable table, RefreshSchedule next) {
    RefreshSchedule current = table.schedule();
    if (next == null && current != null) {
      StreamingTables.unsetProperties(spark, table, List.of(TableProperties.SCHEDULE));
    } else if (next != null && !next.sameRule(current)) {
      StreamingTables.setProperties(spark, table, Map.of(TableProperties.SCHEDULE, next.toJson()));
    }
  }

  /** Delta computes generated columns from the table's own metadata, fixed at creation. */
  private static void checkGeneratedColumns(
      StoredTable table, StreamingTableDefinition current, StreamingTableDefinition next) {
    for (ColumnSpec n : next.columns()) {
      ColumnSpec c =
          current.columns().stream()
              .filter(x -> x.name().equalsIgnoreCase(n.name()))
              .findFirst()
              .orElse(null);
      String before = c == null ? null : c.generatedAs();
      if (n.generatedAs() != null && !n.generatedAs().equals(before)
          || c != null && before != null && !before.equals(n.generatedAs())) {
        throw StreamingTableErrors.incompatibleChange(
            table.sqlName(),
            "generated column `"
                + n.name()
                + "` is added or its expression changes; Delta fixes generated columns when"
                + " the table is created");
      }
    }
  }
}
