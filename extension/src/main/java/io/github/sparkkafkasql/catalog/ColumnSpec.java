package io.github.sparkkafkasql.catalog;

/**
 * A column declared in {@code CREATE STREAMING TABLE t (…)}, as Spark's parser read it: name, SQL
 * type, NOT NULL, comment, and the SQL of its {@code DEFAULT} value and of its {@code GENERATED
 * ALWAYS AS} expression (each null when absent).
 */
public record ColumnSpec(
    String name,
    String type,
    boolean notNull,
    String comment,
    String defaultValue,
    String generatedAs) {

  /** The column as DDL, e.g. {@code `id` BIGINT NOT NULL COMMENT 'key'}. */
  public String sql() {
    StringBuilder s =
        new StringBuilder("`").append(name.replace("`", "``")).append("` ").append(type);
    if (notNull) {
      s.append(" NOT NULL");
    }
    if (generatedAs != null) {
      s.append(" GENERATED ALWAYS AS (").append(generatedAs).append(')');
    }
    if (defaultValue != null) {
      s.append(" DEFAULT ").append(defaultValue);
    }
    if (comment != null) {
      s.append(" COMMENT ").append(SqlText.quote(comment));
    }
    return s.toString();
  }
}
