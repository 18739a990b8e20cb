package io.github.sparkkafkasql;

import org.apache.spark.sql.SparkSession;

/** The local Spark session tests share: the extension and Delta, small and quiet. */
public final class SparkTestSessions {

  private SparkTestSessions() {}

  private static String warehouse() {
    try {
      return java.nio.file.Files.createTempDirectory("kafka-sql-warehouse-").toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Runs a statement parsed by Spark's plain parser, as a Spark without this extension would: how
   * tests make the edits the extension's own parser refuses (its {@code kafkasql.*} properties).
   */
  public static void sqlWithoutExtension(SparkSession spark, String sql) {
    io.github.sparkkafkasql.catalog.StreamingTables.alterUnguarded(spark, sql);
  }

  public static SparkSession create() {
    return builder().getOrCreate();
  }

  public static SparkSession.Builder builder() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("spark-kafka-sql-tests")
        .config(
            "spark.sql.extensions",
            KafkaSqlExtensions.class.getName() + ",io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.warehouse.dir", warehouse())
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        // Delta rebuilds a table's state in 50 tasks by default: most of a small query's time on 2
        // cores. The same state in 2 (Delta's own test sessions lower it too).
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1");
  }
}
