package io.github.sparkkafkasql.cli;

import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The CLI's local Spark session: the extension, Delta, and Hive support with a Derby metastore, so
 * that tables outlive one invocation as they do with Spark's own {@code spark-sql}.
 *
 * <p>Everything persistent lives under one data directory: {@code spark-warehouse/} (table data),
 * {@code metastore_db/} (the catalog) and {@code derby.log}.
 */
final class Sessions {

  static final String EXTENSIONS =
      "io.github.sparkkafkasql.KafkaSqlExtensions,io.delta.sql.DeltaSparkSessionExtension";
  static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  private Sessions() {}

  /** A builder for the session; {@code confs} (from {@code --conf}) override the defaults. */
  static SparkSession.Builder builder(Path dataDir, Map<String, String> confs) {
    Path dir = dataDir.toAbsolutePath().normalize();
    // Two tasks per core instead of Spark's cluster-sized 200 shuffle and 50 Delta log partitions:
    // on a laptop, scheduling hundreds of tiny tasks is most of a small query's time.
    String partitions = String.valueOf(2 * Runtime.getRuntime().availableProcessors());
    // Derby writes derby.log to the working directory unless told otherwise.
    System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
    SparkSession.Builder builder =
        SparkSession.builder()
            .master("local[*]")
            .appName("kafka-sql")
            .config("spark.sql.extensions", EXTENSIONS)
            .config("spark.sql.catalog.spark_catalog", DELTA_CATALOG)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", partitions)
            .config("spark.databricks.delta.snapshotPartitions", partitions)
            .config("spark.sql.warehouse.dir", dir.resolve("spark-warehouse").toUri().toString())
            .config(
                "spark.hadoop.javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName=" + dir.resolve("metastore_db") + ";create=true")
            .enableHiveSupport();
    confs.forEach(builder::config);
    return builder;
  }
}
