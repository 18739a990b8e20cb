package io.github.sparkkafkasql.parser;

import io.github.sparkkafkasql.catalog.RefreshSchedule;
import io.github.sparkkafkasql.catalog.RefreshSchedule.Unit;

/**
 * The schedule clause of CREATE and ALTER STREAMING TABLE, after its {@code SCHEDULE} keyword:
 *
 * <pre>
 * [ REFRESH ] { EVERY n { MINUTE[S] | HOUR[S] | DAY[S] | WEEK[S] }
 *             | CRON 'quartz cron expression' [ AT TIME ZONE 'zone' ] }
 * </pre>
 *
 * Bounds, the expression and the zone are checked when the statement runs, in its session.
 */
final class ScheduleClause {

  private ScheduleClause() {}

  static RefreshSchedule parse(TokenStream in) {
    in.accept("REFRESH");
    if (in.accept("EVERY")) {
      long n = in.wholeNumber("expected a whole number after EVERY");
      return RefreshSchedule.every(n, unit(in));
    }
    if (in.accept("CRON")) {
      String cron = in.string().trim();
      String zone = null;
      if (in.accept("AT")) {
        in.expect("TIME");
        in.expect("ZONE");
        zone = in.string();
      }
      return RefreshSchedule.cron(cron, zone);
    }
    throw in.error("expected EVERY or CRON after SCHEDULE");
  }

  private static Unit unit(TokenStream in) {
    for (Unit u : Unit.values()) {
      String plural = u.name();
      if (in.accept(plural) || in.accept(plural.substring(0, plural.length() - 1))) {
        return u;
      }
    }
    throw in.error("expected MINUTE(S), HOUR(S), DAY(S) or WEEK(S)");
  }
}
