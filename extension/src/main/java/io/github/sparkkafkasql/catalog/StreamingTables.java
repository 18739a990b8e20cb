package io.github.sparkkafkasql.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads what the catalog records about a table, through SQL so that any catalog works. */
public final class StreamingTables {

  private StreamingTables() {}

  /** The table, or empty when no table (or view) has that name. */
  public static Optional<StoredTable> load(SparkSession spark, List<String> name) {
    String sqlName = SqlText.identifier(name);
    if (!spark.catalog().tableExists(sqlName)) {
      return Optional.empty();
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (Row r : spark.sql("SHOW TBLPROPERTIES " + sqlName).collectAsList()) {
      properties.put(r.getString(0), r.getString(1));
    }
    String location = null;
    if ("true".equals(properties.get(TableProperties.STREAMING_TABLE))) {
      location = spark.sql("DESCRIBE DETAIL " + sqlName).select("location").first().getString(0);
    }
    return Optional.of(new StoredTable(name, location, properties));
  }

  /** Sets table properties in one commit. */
  public static void setProperties(SparkSession spark, StoredTable table, Map<String, String> props) {
    if (props.isEmpty()) {
      return;
    }
    StringBuilder sql = new StringBuilder("ALTER TABLE ").append(table.sqlName()).append(" SET TBLPROPERTIES (");
    String sep = "";
    for (Map.Entry<String, String> e : props.entrySet()) {
      sql.append(sep).append(SqlText.quote(e.getKey())).append(" = ").append(SqlText.quote(e.getValue()));
      sep = ", ";
    }
    spark.sql(sql.append(")").toString());
  }

  /** Removes table properties in one commit. */
  public static void unsetProperties(SparkSession spark, StoredTable table, List<String> keys) {
    StringBuilder sql = new StringBuilder("ALTER TABLE ").append(table.sqlName()).append(" UNSET TBLPROPERTIES IF EXISTS (");
    sql.append(String.join(", ", keys.stream().map(SqlText::quote).toList())).append(")");
    spark.sql(sql.toString());
  }
}
