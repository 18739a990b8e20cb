package io.github.sparkkafkasql.parser;

import io.github.sparkkafkasql.catalog.ColumnSpec;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.plans.logical.ColumnDefinition;
import org.apache.spark.sql.catalyst.plans.logical.CreateTable;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedTableSpec;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.Transform;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The table part of a CREATE STREAMING TABLE, taken from the {@code CREATE TABLE} plan Spark's
 * parser made of it: columns (with NOT NULL, COMMENT, DEFAULT, GENERATED ALWAYS AS), PARTITIONED BY
 * or CLUSTER BY, COMMENT and TBLPROPERTIES. Clauses a streaming table cannot honour fail here,
 * naming the clause, rather than being dropped silently.
 */
record TableSpec(
    List<ColumnSpec> columns,
    List<String> partitionedBy,
    List<String> clusterBy,
    String comment,
    Map<String, String> properties) {

  static TableSpec of(LogicalPlan plan) {
    if (!(plan instanceof CreateTable create)
        || !(create.tableSpec() instanceof UnresolvedTableSpec spec)) {
      throw new IllegalStateException("Spark parsed a table specification as " + plan.nodeName());
    }
    refuseStorage(spec);
    List<String> partitionedBy = new ArrayList<>();
    List<String> clusterBy = new ArrayList<>();
    for (Transform t : CollectionConverters.asJava(create.partitioning())) {
      // Spark's and Delta's own ClusterByTransform (Delta's parser makes its own) alike.
      String kind =
          t.getClass().getSimpleName().equals("ClusterByTransform") ? "cluster_by" : t.name();
      switch (kind) {
        case "identity" -> partitionedBy.add(column(t));
        case "cluster_by" ->
            Arrays.stream(t.references()).map(TableSpec::name).forEach(clusterBy::add);
        case "bucket", "sorted_bucket" ->
            throw StreamingTableErrors.unsupportedTableClause(
                "CLUSTERED BY … INTO … BUCKETS",
                "Delta tables are not bucketed",
                "Use CLUSTER BY (columns) for liquid clustering, or PARTITIONED BY (columns).");
        default ->
            throw StreamingTableErrors.unsupportedTableClause(
                "PARTITIONED BY " + t.describe(),
                "Delta tables are partitioned by column values, not by transforms",
                "Declare a generated column, e.g. `day` DATE GENERATED ALWAYS AS (CAST(ts AS DATE)),"
                    + " and partition by it.");
      }
    }
    List<ColumnSpec> columns = new ArrayList<>();
    for (ColumnDefinition c : CollectionConverters.asJava(create.columns())) {
      columns.add(column(c));
    }
    Map<String, String> properties =
        new LinkedHashMap<>(CollectionConverters.asJava(spec.properties()));
    return new TableSpec(
        columns, partitionedBy, clusterBy, spec.comment().getOrElse(() -> null), properties);
  }

  private static void refuseStorage(UnresolvedTableSpec spec) {
    if (spec.provider().isDefined() && !"delta".equalsIgnoreCase(spec.provider().get())) {
      throw StreamingTableErrors.unsupportedTableClause(
          "USING " + spec.provider().get(),
          "a streaming table is a Delta table, whose transaction log makes each refresh exactly once",
          "Remove the USING clause (USING delta is accepted and changes nothing).");
    }
    if (spec.location().isDefined()) {
      throw StreamingTableErrors.unsupportedTableClause(
          "LOCATION",
          "a streaming table is a managed table: its data and its streaming state live where the"
              + " catalog puts them, and DROP TABLE removes both",
          "Remove LOCATION; to keep the table elsewhere, create it in a schema whose LOCATION is"
              + " there, and set spark.kafkaSql.stateRoot for the streaming state.");
    }
    if (!spec.optionExpression().options().isEmpty()) {
      throw StreamingTableErrors.unsupportedTableClause(
          "OPTIONS",
          "a streaming table has no data source options",
          "Put Delta table settings in TBLPROPERTIES, e.g. TBLPROPERTIES"
              + " ('delta.appendOnly' = 'true'); Kafka options go in read_kafka(…).");
    }
    if (spec.serde().isDefined()) {
      throw StreamingTableErrors.unsupportedTableClause(
          "ROW FORMAT / STORED AS",
          "a streaming table is a Delta table, not a Hive table",
          "Remove the Hive storage clauses.");
    }
    if (spec.collation().isDefined()) {
      throw StreamingTableErrors.unsupportedTableClause(
          "DEFAULT COLLATION",
          "a table-wide default collation is not applied to streaming tables",
          "Declare the collation on each string column, e.g. `name` STRING COLLATE UNICODE_CI.");
    }
    if (!spec.constraints().isEmpty()) {
      throw StreamingTableErrors.unsupportedTableClause(
          "CONSTRAINT "
              + CollectionConverters.asJava(spec.constraints()).stream()
                  .map(c -> c.name())
                  .collect(Collectors.joining(", ")),
          "a streaming table checks its rows with expectations, not with table constraints",
          "Write CONSTRAINT name EXPECT (condition) ON VIOLATION FAIL UPDATE (or DROP ROW).");
    }
  }

  private static ColumnSpec column(ColumnDefinition c) {
    if (c.identityColumnSpec().isDefined()) {
      throw StreamingTableErrors.unsupportedTableClause(
          "GENERATED … AS IDENTITY (column `" + c.name() + "`)",
          "identity columns are not supported in streaming tables yet",
          "Derive a key from the record instead, e.g. concat(topic, '-', partition, '-', offset).");
    }
    return new ColumnSpec(
        c.name(),
        c.dataType().sql(),
        !c.nullable(),
        c.comment().getOrElse(() -> null),
        c.defaultValue().isDefined() ? c.defaultValue().get().originalSQL() : null,
        c.generationExpression().getOrElse(() -> null));
  }

  private static String column(Transform t) {
    return name(t.references()[0]);
  }

  private static String name(NamedReference ref) {
    return String.join(".", ref.fieldNames());
  }
}
