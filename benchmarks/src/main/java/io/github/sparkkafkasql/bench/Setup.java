package io.github.sparkkafkasql.bench;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What every benchmark needs: the session, the broker, the topic and how much it holds.
 *
 * @param bytes the records' key and value bytes, for MB/s
 * @param workDir a scratch directory (checkpoints), deleted at the end
 */
record Setup(
    SparkSession spark,
    String bootstrap,
    String topic,
    long records,
    long bytes,
    int rounds,
    Path workDir) {

  /** The options read_kafka needs, as named arguments. */
  String readKafkaArgs() {
    return "bootstrapServers => '" + bootstrap + "', subscribe => '" + topic + "'";
  }

  /** The cores Spark runs tasks on. */
  int cores() {
    return spark.sparkContext().defaultParallelism();
  }
}
