package io.github.sparkkafkasql.streaming;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes streaming state directories on whatever file system holds them. */
public final class StateFiles {

  private static final Logger LOG = LoggerFactory.getLogger(StateFiles.class);

  private StateFiles() {}

  /** Whether a file or directory exists. */
  public static boolean exists(SparkSession spark, String location) {
    try {
      Path path = new Path(location);
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Deletes a directory and everything in it; logs rather than fails, as the data is gone. */
  public static void delete(SparkSession spark, String location) {
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(path, true);
    } catch (IOException e) {
      LOG.warn("Could not delete streaming state at {}", location, e);
    }
  }
}
