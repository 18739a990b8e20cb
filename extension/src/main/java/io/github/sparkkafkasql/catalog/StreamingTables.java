package io.github.sparkkafkasql.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.CatalogManager;
import org.apache.spark.sql.connector.catalog.CatalogPlugin;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;

/**
 * Reads what the catalog records about a table through Spark's catalog API (not SHOW TBLPROPERTIES,
 * which redacts any value that mentions a secret, such as a definition using {@code secret()}).
 */
public final class StreamingTables {

  private StreamingTables() {}

  /** The table, or empty when no table has that name. */
  public static Optional<StoredTable> load(SparkSession spark, List<String> name) {
    CatalogManager manager =
        ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().catalogManager();
    CatalogPlugin catalog = manager.currentCatalog();
    List<String> namespace = new ArrayList<>(List.of(manager.currentNamespace()));
    if (name.size() >= 3 && manager.isCatalogRegistered(name.get(0))) {
      catalog = manager.catalog(name.get(0));
      namespace = name.subList(1, name.size() - 1);
    } else if (name.size() >= 2) {
      namespace = name.subList(0, name.size() - 1);
    }
    if (!(catalog instanceof TableCatalog tables)) {
      return Optional.empty();
    }
    Identifier ident = Identifier.of(namespace.toArray(String[]::new), name.get(name.size() - 1));
    Table table;
    try {
      table = tables.loadTable(ident);
    } catch (NoSuchTableException e) {
      return Optional.empty();
    }
    Map<String, String> properties = new LinkedHashMap<>(table.properties());
    String location = properties.get(TableCatalog.PROP_LOCATION);
    return Optional.of(new StoredTable(name, location, properties));
  }

  /** Sets table properties in one commit. */
  public static void setProperties(
      SparkSession spark, StoredTable table, Map<String, String> props) {
    if (props.isEmpty()) {
      return;
    }
    List<String> pairs = new ArrayList<>();
    props.forEach((k, v) -> pairs.add(SqlText.quote(k) + " = " + SqlText.quote(v)));
    spark.sql(
        "ALTER TABLE " + table.sqlName() + " SET TBLPROPERTIES (" + String.join(", ", pairs) + ")");
  }

  /** Removes table properties in one commit. */
  public static void unsetProperties(SparkSession spark, StoredTable table, List<String> keys) {
    List<String> quoted = keys.stream().map(SqlText::quote).toList();
    spark.sql(
        "ALTER TABLE "
            + table.sqlName()
            + " UNSET TBLPROPERTIES IF EXISTS ("
            + String.join(", ", quoted)
            + ")");
  }
}
