package io.github.sparkkafkasql.schedule;

import io.github.sparkkafkasql.catalog.RefreshSchedule;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/** A parsed schedule checked against this session's settings. */
public final class ScheduleSettings {

  private ScheduleSettings() {}

  /** The parsed schedule, checked and completed in this session (time zone, floor, start). */
  public static RefreshSchedule validate(SparkSession spark, RefreshSchedule parsed) {
    Duration floor = Duration.ofMillis(KafkaSqlConf.SCHEDULER_MIN_INTERVAL.get(spark));
    return Schedules.validate(
        parsed, spark.conf().get("spark.sql.session.timeZone"), floor, Instant.now());
  }
}
