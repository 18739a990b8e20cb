package io.github.sparkkafkasql.catalog;

/** A column declared in {@code CREATE STREAMING TABLE t (…)}: name, SQL type, NOT NULL, comment. */
public record ColumnSpec(String name, String type, boolean notNull, String comment) {

  /** The column as DDL, e.g. {@code `id` BIGINT NOT NULL COMMENT 'key'}. */
  public String sql() {
    StringBuilder s =
        new StringBuilder("`").append(name.replace("`", "``")).append("` ").append(type);
    if (notNull) {
      s.append(" NOT NULL");
    }
    if (comment != null) {
      s.append(" COMMENT ").append(SqlText.quote(comment));
    }
    return s.toString();
  }
}
