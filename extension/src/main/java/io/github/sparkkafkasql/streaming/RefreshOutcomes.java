package io.github.sparkkafkasql.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.catalog.TableProperties;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the outcome of each refresh, success or failure, as JSON in {@value
 * TableProperties#LAST_REFRESH}; a scheduled refresh also in {@value
 * TableProperties#LAST_SCHEDULED_REFRESH}, in the same commit.
 */
final class RefreshOutcomes {

  private static final Logger LOG = LoggerFactory.getLogger(RefreshOutcomes.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private RefreshOutcomes() {}

  static void succeeded(
      SparkSession spark, StoredTable table, String id, RefreshResult r, ScheduledRun run) {
    Map<String, Object> last = outcome("SUCCEEDED", id, run);
    last.put("rows_written", r.rowsWritten());
    last.put("rows_dropped", r.rowsDropped());
    last.put("records_quarantined", r.recordsQuarantined());
    last.put("rows_quarantined", r.rowsQuarantined());
    last.put("expectation_violations", r.expectationViolations());
    last.put("batches", r.batches());
    last.put("start_offsets", r.startOffsets());
    last.put("end_offsets", r.endOffsets());
    last.put("duration_ms", r.durationMs());
    StreamingTables.setProperties(spark, table, properties(json(last), run));
  }

  /** Records a failure; a failure to record it is logged, so the refresh's own error surfaces. */
  static void failed(
      SparkSession spark, StoredTable table, String id, Exception e, ScheduledRun run) {
    if (spark.sparkContext().isStopped()) {
      return; // cut off by the application's end: nothing can be written any more
    }
    Map<String, Object> last = outcome("FAILED", id, run);
    last.put("error", e.getMessage());
    try {
      StreamingTables.setProperties(spark, table, properties(json(last), run));
    } catch (RuntimeException ex) {
      LOG.warn("Could not record the failed refresh of {}", table.sqlName(), ex);
    }
  }

  private static Map<String, String> properties(String json, ScheduledRun run) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(TableProperties.LAST_REFRESH, json);
    if (run != null) {
      props.put(TableProperties.LAST_SCHEDULED_REFRESH, json);
    }
    return props;
  }

  private static Map<String, Object> outcome(String status, String id, ScheduledRun run) {
    Map<String, Object> last = new LinkedHashMap<>();
    last.put("status", status);
    last.put("refresh_id", id);
    last.put("trigger", run == null ? "MANUAL" : "SCHEDULE");
    if (run != null) {
      last.put("scheduled_for", run.scheduledFor().toString());
      if (run.catchUp()) {
        last.put("catch_up", true);
      }
    }
    last.put("finished_at", Instant.now().toString());
    return last;
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
