package io.github.sparkkafkasql.catalog;

import io.github.sparkkafkasql.errors.StreamingTableErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.connector.catalog.CatalogManager;
import org.apache.spark.sql.connector.catalog.CatalogPlugin;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads what the catalog records about a table through Spark's catalog API (not SHOW TBLPROPERTIES,
 * which redacts any value that mentions a secret, such as a definition using {@code secret()}).
 */
public final class StreamingTables {

  private static final Logger LOG = LoggerFactory.getLogger(StreamingTables.class);

  private StreamingTables() {}

  /** The table, or empty when no table has that name. */
  public static Optional<StoredTable> load(SparkSession spark, List<String> name) {
    Resolved r = resolve(spark, name);
    if (!(r.catalog() instanceof TableCatalog tables)) {
      return Optional.empty();
    }
    Table table;
    try {
      table = tables.loadTable(r.ident());
    } catch (NoSuchTableException e) {
      return Optional.empty();
    }
    Map<String, String> properties = new LinkedHashMap<>(table.properties());
    String location = properties.get(TableCatalog.PROP_LOCATION);
    return Optional.of(new StoredTable(name, location, properties));
  }

  /**
   * The streaming table of that name; fails with Spark's TABLE_OR_VIEW_NOT_FOUND when there is no
   * such table, and with KAFKA_SQL_NOT_A_STREAMING_TABLE when it is another kind of table.
   */
  public static StoredTable loadStreamingTable(SparkSession spark, List<String> name) {
    String sqlName = SqlText.identifier(name);
    StoredTable table =
        load(spark, name).orElseThrow(() -> StreamingTableErrors.tableNotFound(spark, sqlName));
    if (!table.isStreamingTable()) {
      throw StreamingTableErrors.notAStreamingTable(sqlName);
    }
    return table;
  }

  /** The name with its catalog and namespace, so that it means the same in any session. */
  public static List<String> qualified(SparkSession spark, List<String> name) {
    Resolved r = resolve(spark, name);
    List<String> parts = new ArrayList<>();
    parts.add(r.catalog().name());
    parts.addAll(List.of(r.ident().namespace()));
    parts.add(r.ident().name());
    return parts;
  }

  /**
   * The streaming tables of the session catalog that have a refresh schedule, with qualified names.
   * A table that cannot be read is left out.
   */
  public static List<StoredTable> scheduled(SparkSession spark) {
    SessionCatalog catalog =
        ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().catalog();
    List<StoredTable> found = new ArrayList<>();
    for (String db : CollectionConverters.asJava(catalog.listDatabases())) {
      for (TableIdentifier t : CollectionConverters.asJava(catalog.listTables(db))) {
        if (t.database().isEmpty()) {
          continue; // a temporary view
        }
        try {
          load(spark, List.of(CatalogManager.SESSION_CATALOG_NAME(), db, t.table()))
              .filter(s -> s.isStreamingTable() && s.schedule() != null)
              .ifPresent(found::add);
        } catch (Exception e) {
          LOG.warn("Could not read table {}.{} to look for a refresh schedule", db, t.table(), e);
        }
      }
    }
    return found;
  }

  private record Resolved(CatalogPlugin catalog, Identifier ident) {}

  private static Resolved resolve(SparkSession spark, List<String> name) {
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
    return new Resolved(
        catalog, Identifier.of(namespace.toArray(String[]::new), name.get(name.size() - 1)));
  }

  /**
   * Refuses a name the session catalog would refuse (Spark's INVALID_SCHEMA_OR_RELATION_NAME: only
   * letters, digits and {@code _}) before anything is created: Delta writes the table's log before
   * the catalog checks the name, and would leave it behind. Other catalogs have rules of their own.
   */
  public static void checkNewName(SparkSession spark, List<String> name) {
    Resolved r = resolve(spark, name);
    if (CatalogManager.SESSION_CATALOG_NAME().equals(r.catalog().name())
        && !SESSION_CATALOG_NAME.matcher(r.ident().name()).matches()) {
      throw StreamingTableErrors.invalidTableName(r.ident().name());
    }
  }

  /** SessionCatalog's own rule for table names. */
  private static final Pattern SESSION_CATALOG_NAME = Pattern.compile("[\\w_]+");

  /** Sets table properties in one commit. */
  public static void setProperties(
      SparkSession spark, StoredTable table, Map<String, String> props) {
    if (props.isEmpty()) {
      return;
    }
    List<String> pairs = new ArrayList<>();
    props.forEach((k, v) -> pairs.add(SqlText.quote(k) + " = " + SqlText.quote(v)));
    alterUnguarded(
        spark,
        "ALTER TABLE " + table.sqlName() + " SET TBLPROPERTIES (" + String.join(", ", pairs) + ")");
  }

  /** Removes table properties in one commit. */
  public static void unsetProperties(SparkSession spark, StoredTable table, List<String> keys) {
    List<String> quoted = keys.stream().map(SqlText::quote).toList();
    alterUnguarded(
        spark,
        "ALTER TABLE "
            + table.sqlName()
            + " UNSET TBLPROPERTIES IF EXISTS ("
            + String.join(", ", quoted)
            + ")");
  }

  /**
   * Runs a statement parsed by Spark's plain parser, not the session's: how the extension makes its
   * own {@code ALTER TABLE … TBLPROPERTIES} on {@code kafkasql.*} keys, which the session's parser
   * refuses to users.
   */
  public static void alterUnguarded(SparkSession spark, String sql) {
    org.apache.spark.sql.classic.Dataset.ofRows(
        (org.apache.spark.sql.classic.SparkSession) spark,
        org.apache.spark.sql.catalyst.parser.CatalystSqlParser$.MODULE$.parsePlan(sql));
  }
}
