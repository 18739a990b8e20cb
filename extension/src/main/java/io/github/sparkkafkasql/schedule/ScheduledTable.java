package io.github.sparkkafkasql.schedule;

import io.github.sparkkafkasql.catalog.RefreshSchedule;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** What the scheduler keeps per scheduled table: its schedule, next fire, and last skip. */
final class ScheduledTable {

  /** A fire time that started no refresh, because one was running. */
  record Skip(Instant scheduledFor, Instant at, String reason) {}

  final List<String> name;
  final RefreshSchedule schedule;

  /** Set while this table's scheduled refresh is queued or running: fires meanwhile are skipped. */
  final AtomicBoolean busy = new AtomicBoolean();

  volatile FireTimes.Fire next;
  volatile ScheduledFuture<?> timer;
  volatile Skip lastSkip;

  ScheduledTable(List<String> name, RefreshSchedule schedule) {
    this.name = List.copyOf(name);
    this.schedule = schedule;
  }

  void cancel() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
  }
}
