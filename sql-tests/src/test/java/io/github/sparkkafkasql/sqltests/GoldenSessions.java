package io.github.sparkkafkasql.sqltests;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The Spark session golden files run in: the extension and Delta, as users configure them. */
final class GoldenSessions {

  private GoldenSessions() {}

  static SparkSession create(Path warehouse) {
    return SparkSession.builder()
        .master("local[2]")
        .appName("golden-files")
        .config(
            "spark.sql.extensions",
            "io.github.sparkkafkasql.KafkaSqlExtensions,io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.warehouse.dir", warehouse.toString())
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        // Delta rebuilds a table's state in 50 tasks by default: most of a small query's time on 2
        // cores. The same state in 2 (Delta's own test sessions lower it too).
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }
}
