package io.github.sparkkafkasql.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sparkkafkasql.catalog.RefreshSchedule;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.streaming.RefreshHistory;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * What DESCRIBE STREAMING TABLE and SHOW STREAMING TABLES tell of a table's schedule: the schedule,
 * its next fire time, a note when no scheduler of this application runs it, the outcome of the last
 * scheduled refresh, and the last fire time skipped since (known only to the application whose
 * scheduler skipped it).
 */
public record ScheduleStatus(
    RefreshSchedule schedule,
    Instant next,
    String note,
    Map<String, String> lastScheduled,
    Instant skippedFor,
    String skipReason) {

  public static ScheduleStatus of(SparkSession spark, StoredTable table) {
    RefreshSchedule schedule = table.schedule();
    RefreshScheduler scheduler = RefreshScheduler.running(spark);
    ScheduledTable entry =
        scheduler == null ? null : scheduler.table(StreamingTables.qualified(spark, table.name()));
    Instant next = null;
    String note = null;
    if (schedule != null && entry != null && entry.schedule.equals(schedule)) {
      next = entry.next == null ? null : entry.next.at();
    } else if (schedule != null) {
      FireTimes.Fire f =
          FireTimes.first(
              schedule,
              FireTimes.lastScheduledFor(spark.sparkContext().hadoopConfiguration(), table),
              Instant.now());
      next = f == null ? null : f.at();
      note =
          scheduler == null
              ? "no scheduler runs in this Spark application (see "
                  + KafkaSqlConf.SCHEDULER_ENABLED.key()
                  + "); refreshes run where one does, or with REFRESH STREAMING TABLE"
              : "this application's scheduler has not seen this schedule yet; it rescans the"
                  + " catalog every "
                  + KafkaSqlConf.SCHEDULER_RESCAN_INTERVAL.key();
    }
    Map<String, String> last =
        last(
            RefreshHistory.lastScheduledRefresh(spark.sparkContext().hadoopConfiguration(), table));
    ScheduledTable.Skip skip = entry == null ? null : entry.lastSkip;
    String finished = last.get("finished_at");
    if (skip != null && finished != null && !skip.at().isAfter(Instant.parse(finished))) {
      skip = null;
    }
    return new ScheduleStatus(
        schedule,
        next,
        note,
        last,
        skip == null ? null : skip.scheduledFor(),
        skip == null ? null : skip.reason());
  }

  /** The status of the last scheduled refresh (SUCCEEDED or FAILED), or null. */
  public String lastStatus() {
    return lastScheduled.get("status");
  }

  private static Map<String, String> last(JsonNode stored) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (stored != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = stored.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        fields.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
      }
    }
    return fields;
  }
}
