package io.github.sparkkafkasql.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sparkkafkasql.catalog.RefreshSchedule;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.streaming.RefreshHistory;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;

/**
 * When a schedule fires next. Fire times missed while no scheduler ran (a server restart, a stopped
 * laptop) are made up for by one catch-up refresh at once, not one per missed time.
 */
final class FireTimes {

  /** A time to start a scheduled refresh. */
  record Fire(Instant at, boolean catchUp) {}

  private FireTimes() {}

  /**
   * The first fire a scheduler should wait for, or null when the schedule never fires again: the
   * first fire time after both the schedule's start and the last scheduled refresh, or a catch-up
   * now when that time has passed.
   */
  static Fire first(RefreshSchedule schedule, Instant lastScheduledFor, Instant now) {
    Instant anchor = schedule.since() != null ? schedule.since() : now;
    if (lastScheduledFor != null && lastScheduledFor.isAfter(anchor)) {
      anchor = lastScheduledFor;
    }
    Instant next = Schedules.nextAfter(schedule, anchor);
    if (next == null) {
      return null;
    }
    return next.isAfter(now) ? new Fire(next, false) : new Fire(now, true);
  }

  /** The fire after one at {@code fired}, skipping times already past, or null when none. */
  static Fire after(RefreshSchedule schedule, Instant fired, Instant now) {
    Instant next = Schedules.nextAfter(schedule, fired.isAfter(now) ? fired : now);
    return next == null ? null : new Fire(next, false);
  }

  /** The fire time the table's last scheduled refresh stood for, or null. */
  static Instant lastScheduledFor(Configuration hadoop, StoredTable table) {
    JsonNode last = RefreshHistory.lastScheduledRefresh(hadoop, table);
    String at = last == null ? null : last.path("scheduled_for").asText(null);
    return at == null ? null : Instant.parse(at);
  }
}
