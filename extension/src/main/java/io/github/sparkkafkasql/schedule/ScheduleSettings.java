package io.github.sparkkafkasql.schedule;

import io.github.sparkkafkasql.catalog.RefreshSchedule;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.SparkConf;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.SparkSession;

/** The Spark confs of refresh schedules and their scheduler. */
public final class ScheduleSettings {

  /** Whether this application runs scheduled refreshes (read when the SparkContext starts). */
  public static final String ENABLED = "spark.kafkaSql.scheduler.enabled";

  /** Refresh threads of the scheduler: how many tables refresh at the same time. */
  public static final String THREADS = "spark.kafkaSql.scheduler.threads";

  /** How often the scheduler looks for schedules set by other applications; 0 never. */
  public static final String RESCAN_INTERVAL = "spark.kafkaSql.scheduler.rescanInterval";

  /**
   * The shortest time allowed between two scheduled refreshes, 60s; tests lower it to use
   * seconds-level cron expressions.
   */
  public static final String MIN_INTERVAL = "spark.kafkaSql.scheduler.minInterval";

  private ScheduleSettings() {}

  /** The parsed schedule, checked and completed in this session (time zone, floor, start). */
  public static RefreshSchedule validate(SparkSession spark, RefreshSchedule parsed) {
    Duration floor =
        Duration.ofMillis(JavaUtils.timeStringAsMs(spark.conf().get(MIN_INTERVAL, "60s")));
    return Schedules.validate(
        parsed, spark.conf().get("spark.sql.session.timeZone"), floor, Instant.now());
  }

  static boolean enabled(SparkConf conf) {
    return conf.getBoolean(ENABLED, true);
  }

  static int threads(SparkConf conf) {
    return Math.max(1, conf.getInt(THREADS, 4));
  }

  static long rescanMillis(SparkConf conf) {
    return JavaUtils.timeStringAsMs(conf.get(RESCAN_INTERVAL, "10min"));
  }
}
