package io.github.sparkkafkasql.streaming;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.github.sparkkafkasql.catalog.ColumnSpec;
import io.github.sparkkafkasql.catalog.RefreshSchedule;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTableDefinition;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.catalog.TableProperties;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Creates a streaming table's Delta table, and applies additive changes to its definition. */
public final class TableSetup {

  private TableSetup() {}

  /**
   * Creates the Delta table for a new streaming table; its schema comes from the query. {@code
   * schedule} is a validated schedule, or null.
   */
  public static void create(
      SparkSession spark,
      List<String> name,
      String sqlName,
      StreamingTableDefinition definition,
      RefreshSchedule schedule) {
    StructType schema = DefinitionPlan.build(spark, sqlName, definition, true).schema();
    DeltaTableBuilder builder = DeltaTable.create(spark).tableName(sqlName);
    for (StructField f : schema.fields()) {
      ColumnSpec declared = declared(definition, f.name());
      boolean nullable = declared == null || !declared.notNull();
      StructField field = new StructField(f.name(), f.dataType(), nullable, f.metadata());
      if (declared != null && declared.comment() != null) {
        field = field.withComment(declared.comment());
      }
      builder = builder.addColumn(field);
    }
    if (!definition.partitionedBy().isEmpty()) {
      builder = builder.partitionedBy(definition.partitionedBy().toArray(String[]::new));
    }
    if (definition.comment() != null) {
      builder = builder.comment(definition.comment());
    }
    Map<String, String> own = ownProperties(spark, name, definition);
    if (schedule != null) {
      own.put(TableProperties.SCHEDULE, schedule.toJson());
    }
    for (Map.Entry<String, String> p : own.entrySet()) {
      builder = builder.property(p.getKey(), p.getValue());
    }
    builder.execute();
  }

  private static Map<String, String> ownProperties(
      SparkSession spark, List<String> name, StreamingTableDefinition definition) {
    Map<String, String> props = new LinkedHashMap<>(definition.properties());
    props.put(TableProperties.STREAMING_TABLE, "true");
    props.put(TableProperties.DEFINITION, definition.toJson());
    props.put(TableProperties.GENERATION, "0");
    String root = KafkaSqlConf.STATE_ROOT.get(spark);
    if (root != null && !root.isBlank()) {
      String dir = String.join(".", name).replaceAll("[^A-Za-z0-9_.-]", "_");
      props.put(
          TableProperties.STATE_LOCATION,
          root.replaceAll("/+$", "") + "/" + dir + "-" + UUID.randomUUID());
    }
    return props;
  }

  private static ColumnSpec declared(StreamingTableDefinition definition, String column) {
    return definition.columns().stream()
        .filter(c -> c.name().equalsIgnoreCase(column))
        .findFirst()
        .orElse(null);
  }

  /**
   * Applies a changed definition to an existing streaming table when the change is additive (new
   * columns, expectations, comment, properties); otherwise fails naming the change.
   */
  public static void update(SparkSession spark, StoredTable table, StreamingTableDefinition next) {
    StreamingTableDefinition current = table.definition();
    if (current.equals(next)) {
      return;
    }
    if (!current.partitionedBy().equals(next.partitionedBy())) {
      throw StreamingTableErrors.incompatibleChange(
          table.sqlName(),
          "the partitioning changes from "
              + current.partitionedBy()
              + " to "
              + next.partitionedBy());
    }
    StructType existing = spark.table(table.sqlName()).schema();
    var before = DefinitionPlan.build(spark, table.sqlName(), current, false);
    var after = DefinitionPlan.build(spark, table.sqlName(), next, false);
    if (!SourceSignature.of(before).equals(SourceSignature.of(after))) {
      throw StreamingTableErrors.incompatibleChange(
          table.sqlName(),
          "its streaming sources change (topics, brokers or other source options), so the"
              + " table's Kafka positions no longer apply");
    }
    StructType wanted = after.schema();
    List<StructField> added = new ArrayList<>();
    for (StructField f : existing.fields()) {
      StructField w = find(wanted, f.name());
      if (w == null) {
        throw StreamingTableErrors.incompatibleChange(
            table.sqlName(), "column `" + f.name() + "` is dropped");
      }
      if (!w.dataType().sameType(f.dataType())) {
        throw StreamingTableErrors.incompatibleChange(
            table.sqlName(),
            "column `"
                + f.name()
                + "` changes type from "
                + f.dataType().sql()
                + " to "
                + w.dataType().sql());
      }
    }
    for (StructField w : wanted.fields()) {
      if (find(existing, w.name()) == null) {
        added.add(w);
      }
    }
    if (!added.isEmpty()) {
      List<String> columns =
          added.stream().map(f -> "`" + f.name() + "` " + f.dataType().sql()).toList();
      spark.sql(
          "ALTER TABLE " + table.sqlName() + " ADD COLUMNS (" + String.join(", ", columns) + ")");
    }
    Map<String, String> props = new LinkedHashMap<>(next.properties());
    props.put(TableProperties.DEFINITION, next.toJson());
    if (next.comment() != null) {
      props.put("comment", next.comment());
    }
    StreamingTables.setProperties(spark, table, props);
    List<String> removed = new ArrayList<>(current.properties().keySet());
    removed.removeAll(next.properties().keySet());
    if (!removed.isEmpty()) {
      StreamingTables.unsetProperties(spark, table, removed);
    }
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

  private static StructField find(StructType schema, String name) {
    for (StructField f : schema.fields()) {
      if (f.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    return null;
  }
}
