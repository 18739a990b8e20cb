package io.github.sparkkafkasql.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.catalog.RefreshSchedule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When the scheduler fires: on time, and once to catch up on fire times it missed. */
class FireTimesTest {

  private static final Instant SET = Instant.parse("2026-03-10T12:00:00Z");

  private static RefreshSchedule hourly() {
    return Schedules.validate(
        RefreshSchedule.every(1, RefreshSchedule.Unit.HOURS), "UTC", Duration.ofMinutes(1), SET);
  }

  @Test
  void aNewScheduleWaitsForItsFirstFireTime() {
    FireTimes.Fire f = FireTimes.first(hourly(), null, SET.plusSeconds(5));
    assertThat(f).isEqualTo(new FireTimes.Fire(SET.plus(Duration.ofHours(1)), false));
  }

  @Test
  void aRestartAfterTheLastRefreshWaitsForTheNextFireTime() {
    Instant lastRun = SET.plus(Duration.ofHours(3));
    FireTimes.Fire f = FireTimes.first(hourly(), lastRun, lastRun.plus(Duration.ofMinutes(20)));
    assertThat(f).isEqualTo(new FireTimes.Fire(SET.plus(Duration.ofHours(4)), false));
  }

  @Test
  void missedFireTimesGiveOneCatchUpNowThenTheRegularTimes() {
    Instant lastRun = SET.plus(Duration.ofHours(3));
    Instant restart = SET.plus(Duration.ofHours(10)).plus(Duration.ofMinutes(20));
    FireTimes.Fire catchUp = FireTimes.first(hourly(), lastRun, restart);
    assertThat(catchUp).isEqualTo(new FireTimes.Fire(restart, true));
    // The six missed hours are not replayed: the next fire is the next whole hour.
    FireTimes.Fire next = FireTimes.after(hourly(), catchUp.at(), restart.plusSeconds(30));
    assertThat(next).isEqualTo(new FireTimes.Fire(SET.plus(Duration.ofHours(11)), false));
  }

  @Test
  void aLateTimerSkipsFireTimesAlreadyPast() {
    Instant fired = SET.plus(Duration.ofHours(1));
    Instant late = fired.plus(Duration.ofHours(2)).plusSeconds(1);
    assertThat(FireTimes.after(hourly(), fired, late).at())
        .isEqualTo(SET.plus(Duration.ofHours(4)));
    assertThat(FireTimes.after(hourly(), fired, fired).at())
        .isEqualTo(SET.plus(Duration.ofHours(2)));
  }

  @Test
  void cronSchedulesCatchUpTheSameWay() {
    RefreshSchedule daily =
        Schedules.validate(
            RefreshSchedule.cron("0 0 2 * * ?", "UTC"), "UTC", Duration.ofMinutes(1), SET);
    assertThat(FireTimes.first(daily, null, SET).at())
        .isEqualTo(Instant.parse("2026-03-11T02:00:00Z"));
    Instant restart = Instant.parse("2026-03-15T09:00:00Z");
    assertThat(FireTimes.first(daily, Instant.parse("2026-03-12T02:00:00Z"), restart))
        .isEqualTo(new FireTimes.Fire(restart, true));
  }

  @Test
  void aScheduleThatNeverFiresAgainHasNoFire() {
    RefreshSchedule once =
        Schedules.validate(
            RefreshSchedule.cron("0 0 0 1 1 ? 2027", "UTC"), "UTC", Duration.ofMinutes(1), SET);
    assertThat(FireTimes.first(once, Instant.parse("2027-01-01T00:00:00Z"), SET)).isNull();
  }
}
