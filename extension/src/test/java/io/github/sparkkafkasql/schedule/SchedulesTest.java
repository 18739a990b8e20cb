package io.github.sparkkafkasql.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.catalog.RefreshSchedule;
import io.github.sparkkafkasql.catalog.RefreshSchedule.Unit;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.sql.AnalysisException;
import org.junit.jupiter.api.Test;

/** Checking schedules before they are stored, and their fire times; no Spark session needed. */
class SchedulesTest {

  private static final Instant NOW = Instant.parse("2026-03-10T12:34:56Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static RefreshSchedule valid(RefreshSchedule parsed) {
    return Schedules.validate(parsed, "UTC", MINUTE, NOW);
  }

  private static AnalysisException invalid(RefreshSchedule parsed, Duration floor) {
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> Schedules.validate(parsed, "UTC", floor, NOW));
    assertThat(e).as(parsed.sql()).isNotNull();
    return e;
  }

  @Test
  void everyAcceptsDatabricksBoundsAndMinutesUpTo72Hours() {
    for (Unit u : Unit.values()) {
      assertThat(valid(RefreshSchedule.every(1, u)).since()).isEqualTo(NOW);
      assertThat(valid(RefreshSchedule.every(u.max(), u)).every()).isEqualTo(u.max());
      AnalysisException e = invalid(RefreshSchedule.every(u.max() + 1, u), MINUTE);
      assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SCHEDULE_OUT_OF_RANGE");
      assertThat(e.getMessageParameters())
          .containsEntry("unit", u.name())
          .containsEntry("max", String.valueOf(u.max()));
      assertThat(invalid(RefreshSchedule.every(0, u), MINUTE).getCondition())
          .isEqualTo("KAFKA_SQL_SCHEDULE_OUT_OF_RANGE");
    }
    assertThat(Unit.HOURS.max()).isEqualTo(72);
    assertThat(Unit.DAYS.max()).isEqualTo(31);
    assertThat(Unit.WEEKS.max()).isEqualTo(8);
    assertThat(Unit.MINUTES.max()).isEqualTo(72 * 60);
  }

  @Test
  void everyFiresAtWholeIntervalsFromItsStart() {
    RefreshSchedule s = valid(RefreshSchedule.every(2, Unit.HOURS));
    assertThat(Schedules.nextAfter(s, NOW)).isEqualTo(NOW.plus(Duration.ofHours(2)));
    assertThat(Schedules.nextAfter(s, NOW.minusSeconds(10)))
        .isEqualTo(NOW.plus(Duration.ofHours(2)));
    assertThat(Schedules.nextAfter(s, NOW.plus(Duration.ofHours(5))))
        .isEqualTo(NOW.plus(Duration.ofHours(6)));
    assertThat(Schedules.nextAfter(s, NOW.plus(Duration.ofHours(6))))
        .isEqualTo(NOW.plus(Duration.ofHours(8)));
  }

  @Test
  void cronTakesTheSessionTimeZoneUnlessGivenOne() {
    RefreshSchedule daily = valid(RefreshSchedule.cron("0 0 0 * * ?", null));
    assertThat(daily.sql()).isEqualTo("CRON '0 0 0 * * ?' AT TIME ZONE 'UTC'");
    assertThat(Schedules.nextAfter(daily, NOW)).isEqualTo(Instant.parse("2026-03-11T00:00:00Z"));
    RefreshSchedule la = valid(RefreshSchedule.cron("0 0 0 * * ?", "PST"));
    assertThat(la.timeZone()).isEqualTo("America/Los_Angeles");
    assertThat(Schedules.nextAfter(la, NOW)).isEqualTo(Instant.parse("2026-03-11T07:00:00Z"));
    assertThat(Schedules.nextAfter(valid(RefreshSchedule.cron("0 0 0 * * ?", "+01:00")), NOW))
        .isEqualTo(Instant.parse("2026-03-10T23:00:00Z"));
  }

  @Test
  void unknownTimeZonesUseSparksCondition() {
    AnalysisException e = invalid(RefreshSchedule.cron("0 0 0 * * ?", "Mars/Olympus"), MINUTE);
    assertThat(e.getCondition()).isEqualTo("INVALID_TIMEZONE");
    assertThat(e.getMessageParameters()).containsEntry("timeZone", "Mars/Olympus");
  }

  @Test
  void invalidCronExpressionsGiveQuartzsReason() {
    AnalysisException unix = invalid(RefreshSchedule.cron("*/5 * * * *", null), MINUTE);
    assertThat(unix.getCondition()).isEqualTo("KAFKA_SQL_INVALID_CRON");
    assertThat(unix.getMessageParameters()).containsEntry("cron", "*/5 * * * *");
    assertThat(unix.getMessage()).contains("6 or 7 fields");
    assertThat(
            invalid(RefreshSchedule.cron("0 0 12 1 * MON", null), MINUTE)
                .getMessageParameters()
                .get("reason"))
        .contains("day-of-week AND a day-of-month");
    assertThat(invalid(RefreshSchedule.cron("tomorrow", null), MINUTE).getCondition())
        .isEqualTo("KAFKA_SQL_INVALID_CRON");
    assertThat(
            invalid(RefreshSchedule.cron("0 0 0 1 1 ? 2000", null), MINUTE).getMessageParameters())
        .containsEntry("reason", "it never fires again");
  }

  @Test
  void schedulesFiringMoreThanOnceAMinuteAreRefusedUnlessTheFloorIsLowered() {
    AnalysisException e = invalid(RefreshSchedule.cron("0/30 * * * * ?", null), MINUTE);
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SCHEDULE_TOO_FREQUENT");
    assertThat(e.getMessageParameters())
        .containsEntry("interval", "30 seconds")
        .containsEntry("minimum", "1 minute");
    // Only the step from second 59 to second 0 of the next minute is short.
    assertThat(invalid(RefreshSchedule.cron("0,59 * * * * ?", null), MINUTE).getMessageParameters())
        .containsEntry("interval", "1 second");
    assertThat(valid(RefreshSchedule.cron("0 * * * * ?", null)).cron()).isEqualTo("0 * * * * ?");
    assertThat(
            Schedules.validate(
                RefreshSchedule.cron("* * * * * ?", null), "UTC", Duration.ofSeconds(1), NOW))
        .isNotNull();
    assertThat(
            invalid(RefreshSchedule.every(1, Unit.HOURS), Duration.ofHours(2))
                .getMessageParameters())
        .containsEntry("interval", "1 hour")
        .containsEntry("minimum", "2 hours");
  }

  @Test
  void schedulesRoundTripThroughTheirTableProperty() {
    for (RefreshSchedule s :
        new RefreshSchedule[] {
          valid(RefreshSchedule.every(3, Unit.DAYS)),
          valid(RefreshSchedule.cron("0 15 10 ? * MON-FRI", "Europe/Paris"))
        }) {
      RefreshSchedule back = RefreshSchedule.fromJson(s.toJson());
      assertThat(back).isEqualTo(s);
      assertThat(back.sameRule(s)).isTrue();
    }
    assertThat(RefreshSchedule.fromJson("{not json")).isNull();
    assertThat(RefreshSchedule.fromJson(null)).isNull();
    assertThat(
            valid(RefreshSchedule.every(3, Unit.DAYS))
                .sameRule(
                    Schedules.validate(
                        RefreshSchedule.every(3, Unit.DAYS), "UTC", MINUTE, NOW.plusSeconds(5))))
        .isTrue();
  }
}
