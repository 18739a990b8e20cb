package io.github.sparkkafkasql.schedule;

import io.github.sparkkafkasql.errors.ScheduleErrors;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** A Quartz cron expression in a time zone: its fire times and the shortest gap between them. */
final class Crons {

  /** Fire times looked at for the shortest gap: enough for two full minutes of every second. */
  private static final int SAMPLE = 1000;

  private final CronExpression expression;

  private Crons(CronExpression expression) {
    this.expression = expression;
  }

  /** Parses the expression, or fails with Quartz's reason. */
  static Crons parse(String cron, String zone) {
    CronExpression e;
    try {
      e = new CronExpression(cron);
    } catch (ParseException | RuntimeException ex) {
      String reason = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
      throw ScheduleErrors.invalidCron(cron, reason.replaceAll("\\.+$", ""));
    }
    if (zone != null) {
      e.setTimeZone(TimeZone.getTimeZone(ZoneId.of(zone)));
    }
    return new Crons(e);
  }

  /** The first fire time strictly after {@code t}, or null when there is none. */
  Instant nextAfter(Instant t) {
    Date next = expression.getNextValidTimeAfter(Date.from(t));
    return next == null ? null : next.toInstant();
  }

  /**
   * The shortest time between two consecutive fire times after {@code t}, or null when it fires at
   * most once. Each minute that fires holds every second of the seconds field, so a sample of the
   * next fire times shows the shortest gap.
   */
  Duration shortestGap(Instant t) {
    Duration shortest = null;
    Instant previous = nextAfter(t);
    for (int i = 0; previous != null && i < SAMPLE; i++) {
      Instant next = nextAfter(previous);
      if (next != null) {
        Duration gap = Duration.between(previous, next);
        shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
      }
      previous = next;
    }
    return shortest;
  }
}
