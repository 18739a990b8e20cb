package io.github.sparkkafkasql.bench;

import io.github.sparkkafkasql.KafkaSqlExtensions;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The local Spark session: the extension and Delta, otherwise Spark's and Delta's defaults. */
final class BenchSession {

  private BenchSession() {}

  static SparkSession create(String master, Path workDir) {
    return SparkSession.builder()
        .master(master)
        .appName("kafka-sql-bench")
        .config(
            "spark.sql.extensions",
            KafkaSqlExtensions.class.getName() + ",io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.warehouse.dir", workDir.resolve("warehouse").toUri().toString())
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }
}
