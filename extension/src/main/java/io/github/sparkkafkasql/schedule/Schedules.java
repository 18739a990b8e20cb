package io.github.sparkkafkasql.schedule;

import io.github.sparkkafkasql.catalog.RefreshSchedule;
import io.github.sparkkafkasql.errors.ScheduleErrors;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Checks a parsed schedule and completes it (time zone, start) before it is stored, and computes
 * its fire times.
 */
public final class Schedules {

  private Schedules() {}

  /**
   * The schedule to store: within bounds, a valid cron expression in a known time zone (the
   * session's when none is given), firing at most once every {@code minInterval}, starting now.
   */
  public static RefreshSchedule validate(
      RefreshSchedule parsed, String sessionTimeZone, Duration minInterval, Instant now) {
    if (!parsed.isCron()) {
      if (parsed.every() < 1 || parsed.every() > parsed.unit().max()) {
        throw ScheduleErrors.outOfRange(
            parsed.sql(), parsed.unit().name(), String.valueOf(parsed.unit().max()));
      }
      RefreshSchedule s = parsed.completed(null, now);
      if (s.interval().compareTo(minInterval) < 0) {
        throw ScheduleErrors.tooFrequent(s.sql(), describe(s.interval()), describe(minInterval));
      }
      return s;
    }
    String zone = zone(parsed.timeZone() != null ? parsed.timeZone() : sessionTimeZone);
    RefreshSchedule s = parsed.completed(zone, now);
    Crons cron = Crons.parse(parsed.cron(), zone);
    if (cron.nextAfter(now) == null) {
      throw ScheduleErrors.invalidCron(parsed.cron(), "it never fires again");
    }
    Duration gap = cron.shortestGap(now);
    if (gap != null && gap.compareTo(minInterval) < 0) {
      throw ScheduleErrors.tooFrequent(s.sql(), describe(gap), describe(minInterval));
    }
    return s;
  }

  /**
   * The first fire time of a stored schedule strictly after {@code t}, or null when it never fires
   * again.
   */
  public static Instant nextAfter(RefreshSchedule schedule, Instant t) {
    if (schedule.isCron()) {
      return Crons.parse(schedule.cron(), schedule.timeZone()).nextAfter(t);
    }
    long step = schedule.interval().toMillis();
    long elapsed = t.toEpochMilli() - schedule.since().toEpochMilli();
    long k = elapsed < 0 ? 1 : elapsed / step + 1;
    return schedule.since().plusMillis(k * step);
  }

  /** The zone's ID as Java normalizes it ('PST' becomes 'America/Los_Angeles'). */
  private static String zone(String id) {
    try {
      return ZoneId.of(id, ZoneId.SHORT_IDS).getId();
    } catch (DateTimeException e) {
      throw ScheduleErrors.invalidTimeZone(id);
    }
  }

  /** A duration as messages show it: "1 minute", "90 seconds", "2 hours". */
  static String describe(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + " ms";
    }
    long s = ms / 1000;
    if (s % 86_400 == 0) {
      return plural(s / 86_400, "day");
    }
    if (s % 3600 == 0) {
      return plural(s / 3600, "hour");
    }
    return s % 60 == 0 ? plural(s / 60, "minute") : plural(s, "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
