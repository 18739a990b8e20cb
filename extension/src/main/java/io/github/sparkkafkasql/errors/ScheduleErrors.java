package io.github.sparkkafkasql.errors;

/**
 * Factories for the errors of refresh schedules ({@code SCHEDULE …} on CREATE and ALTER STREAMING
 * TABLE), one method per condition, as in {@link KafkaSqlErrors}.
 */
public final class ScheduleErrors {

  private ScheduleErrors() {}

  public static RuntimeException outOfRange(String schedule, String unit, String max) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_SCHEDULE_OUT_OF_RANGE", "schedule", schedule, "unit", unit, "max", max);
  }

  public static RuntimeException invalidCron(String cron, String reason) {
    return KafkaSqlErrors.error("KAFKA_SQL_INVALID_CRON", "cron", cron, "reason", reason);
  }

  /** Spark's own condition for a time zone it does not know. */
  public static RuntimeException invalidTimeZone(String zone) {
    return KafkaSqlErrors.spark("INVALID_TIMEZONE", "timeZone", zone);
  }

  public static RuntimeException tooFrequent(String schedule, String interval, String minimum) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_SCHEDULE_TOO_FREQUENT",
        "schedule",
        schedule,
        "interval",
        interval,
        "minimum",
        minimum);
  }

  public static RuntimeException alreadyScheduled(String table, String schedule) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_SCHEDULE_ALREADY_EXISTS", "table", table, "schedule", schedule);
  }

  public static RuntimeException notScheduled(String table, String statement) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_SCHEDULE_NOT_FOUND", "table", table, "statement", statement);
  }
}
