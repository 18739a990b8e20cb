package io.github.sparkkafkasql.streaming;

import io.github.sparkkafkasql.catalog.SqlText;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns a changed definition adds to a streaming table's Delta table: new top-level columns,
 * and new fields of struct columns (a JSON or Avro payload whose schema grew). A column that is
 * dropped or changes type is an incompatible change.
 */
final class ColumnGrowth {

  private ColumnGrowth() {}

  /**
   * The {@code ADD COLUMNS} clauses, in order, each placed ({@code FIRST} / {@code AFTER}) where
   * {@code wanted} has it, so that the table's (nested) column order is the written rows' order.
   */
  static List<String> added(String table, StructType existing, StructType wanted) {
    List<String> clauses = new ArrayList<>();
    grow(table, List.of(), existing, wanted, clauses);
    return clauses;
  }

  private static void grow(
      String table, List<String> path, StructType existing, StructType wanted, List<String> out) {
    for (StructField f : existing.fields()) {
      List<String> name = append(path, f.name());
      StructField w = find(wanted, f.name());
      if (w == null) {
        throw StreamingTableErrors.incompatibleChange(
            table, "column `" + String.join(".", name) + "` is dropped");
      }
      DataType before = f.dataType();
      DataType after = w.dataType();
      if (before instanceof StructType a && after instanceof StructType b) {
        grow(table, name, a, b, out);
      } else if (!after.sameType(before)) {
        throw StreamingTableErrors.incompatibleChange(
            table,
            "column `"
                + String.join(".", name)
                + "` changes type from "
                + before.sql()
                + " to "
                + after.sql());
      }
    }
    StructField[] fields = wanted.fields();
    for (int i = 0; i < fields.length; i++) {
      if (find(existing, fields[i].name()) == null) {
        String position =
            i == 0 ? " FIRST" : " AFTER " + SqlText.identifier(List.of(fields[i - 1].name()));
        out.add(
            SqlText.identifier(append(path, fields[i].name()))
                + " "
                + columnType(fields[i])
                + position);
      }
    }
  }

  /**
   * A column's type as the table declares it: nullable at every level, as Spark's CREATE TABLE AS
   * SELECT declares a query's columns. Avro's non-null fields, array items and map values arrive as
   * NOT NULL types, and Delta refuses a NOT NULL inside an array or a map
   * (DELTA_NESTED_NOT_NULL_CONSTRAINT); inside a struct it would enforce one that a later schema
   * version, making the field optional, breaks.
   */
  static String columnType(StructField f) {
    return f.dataType().asNullable().sql();
  }

  private static List<String> append(List<String> path, String name) {
    List<String> p = new ArrayList<>(path);
    p.add(name);
    return p;
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
