package io.github.sparkkafkasql.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * When a streaming table refreshes by itself: {@code EVERY n unit}, counted from {@code since}
 * (when the schedule was set), or a Quartz {@code CRON} expression in a time zone. Stored with the
 * table as JSON in {@value TableProperties#SCHEDULE}. As parsed, a schedule has no {@code since}
 * and a CRON one may lack its time zone; the scheduler's {@code Schedules.validate} completes both,
 * and computes the fire times.
 */
public record RefreshSchedule(long every, Unit unit, String cron, String timeZone, Instant since) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The units of {@code EVERY n unit}, with the largest n each accepts (the smallest is 1). */
  public enum Unit {
    // Databricks' bounds for HOURS, DAYS and WEEKS; MINUTES spans the same 72 hours as HOURS.
    MINUTES("MINUTE", 4320, Duration.ofMinutes(1)),
    HOURS("HOUR", 72, Duration.ofHours(1)),
    DAYS("DAY", 31, Duration.ofDays(1)),
    WEEKS("WEEK", 8, Duration.ofDays(7));

    private final String singular;
    private final long max;
    private final Duration length;

    Unit(String singular, long max, Duration length) {
      this.singular = singular;
      this.max = max;
      this.length = length;
    }

    public long max() {
      return max;
    }

    String sql(long n) {
      return n == 1 ? singular : name();
    }
  }

  public static RefreshSchedule every(long n, Unit unit) {
    return new RefreshSchedule(n, Objects.requireNonNull(unit), null, null, null);
  }

  public static RefreshSchedule cron(String expression, String timeZone) {
    return new RefreshSchedule(0, null, Objects.requireNonNull(expression), timeZone, null);
  }

  public boolean isCron() {
    return cron != null;
  }

  /** The time between two refreshes of an EVERY schedule. */
  public Duration interval() {
    return unit.length.multipliedBy(every);
  }

  /** This schedule as stored: with its time zone (CRON) and the time it was set. */
  public RefreshSchedule completed(String zone, Instant start) {
    return new RefreshSchedule(every, unit, cron, isCron() ? zone : null, start);
  }

  /**
   * The schedule as SQL, e.g. {@code EVERY 2 HOURS} or {@code CRON '0 0 * * * ?' AT TIME ZONE
   * 'UTC'}.
   */
  public String sql() {
    if (!isCron()) {
      return "EVERY " + every + " " + unit.sql(every);
    }
    return "CRON "
        + SqlText.quote(cron)
        + (timeZone == null ? "" : " AT TIME ZONE " + SqlText.quote(timeZone));
  }

  /** Whether the two schedules fire at the same times (when they were set aside). */
  public boolean sameRule(RefreshSchedule other) {
    return other != null
        && every == other.every
        && unit == other.unit
        && Objects.equals(cron, other.cron)
        && Objects.equals(timeZone, other.timeZone);
  }

  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (isCron()) {
      m.put("cron", cron);
      m.put("timeZone", timeZone);
    } else {
      m.put("every", every);
      m.put("unit", unit.name());
    }
    m.put("since", since == null ? null : since.toString());
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The stored schedule, or null when {@code json} is null or unreadable. */
  public static RefreshSchedule fromJson(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(json);
      Instant since = n.hasNonNull("since") ? Instant.parse(n.get("since").asText()) : null;
      if (n.hasNonNull("cron")) {
        return new RefreshSchedule(
            0, null, n.get("cron").asText(), n.path("timeZone").asText(null), since);
      }
      return new RefreshSchedule(
          n.get("every").asLong(), Unit.valueOf(n.get("unit").asText()), null, null, since);
    } catch (JsonProcessingException | RuntimeException e) {
      return null;
    }
  }
}
