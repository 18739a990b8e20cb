package io.github.sparkkafkasql.channels;

import org.apache.spark.SparkEnv;
import org.apache.spark.metrics.source.Source;

/**
 * Registers metrics sources with the driver's metrics system, so that Spark's sinks (JMX, {@code
 * /metrics/prometheus}, …) expose them. Spark 4.2 has no public API for it: {@code
 * SparkEnv.metricsSystem} and {@code MetricsSystem.registerSource} are {@code private[spark]}
 * (core/src/main/scala/org/apache/spark/metrics/MetricsSystem.scala; Scala's package-private is
 * public in bytecode). Delta and Spark's own components register the same way from inside Spark.
 * Delete this class if Spark makes it public.
 */
public final class MetricsSystemChannel {

  private MetricsSystemChannel() {}

  /** Registers a source; false when no Spark environment runs in this JVM. */
  public static boolean register(Source source) {
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return false;
    }
    env.metricsSystem().registerSource(source);
    return true;
  }

  /** Removes a source registered before. */
  public static void remove(Source source) {
    SparkEnv env = SparkEnv.get();
    if (env != null) {
      env.metricsSystem().removeSource(source);
    }
  }
}
