package io.github.sparkkafkasql;

import org.apache.spark.sql.SparkSession;

/** The local Spark session tests share: the extension and Delta, small and quiet. */
public final class SparkTestSessions {

  private SparkTestSessions() {}

  public static SparkSession create() {
    return builder().getOrCreate();
  }

  public static SparkSession.Builder builder() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("spark-kafka-sql-tests")
        .config("spark.sql.extensions", KafkaSqlExtensions.class.getName())
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1");
  }
}
