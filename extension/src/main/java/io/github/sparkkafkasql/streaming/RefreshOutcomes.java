package io.github.sparkkafkasql.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each refresh, success or failure, as one entry of the table's {@link RefreshHistory}: an
 * entry when it starts (so that a refresh killed half way is seen by the next one) and its outcome
 * when it ends. A failure to record is logged, never the refresh's failure.
 */
final class RefreshOutcomes {

  private static final Logger LOG = LoggerFactory.getLogger(RefreshOutcomes.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private RefreshOutcomes() {}

  /** A refresh under way: its history entry (null when it could not be written). */
  record Started(RefreshHistory history, long seq, ObjectNode entry, ScheduledRun run) {}

  static Started started(
      SparkSession spark, StoredTable table, String id, boolean full, ScheduledRun run) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("refresh_id", id);
    fields.put("status", "RUNNING");
    fields.put("trigger", run == null ? "MANUAL" : "SCHEDULE");
    fields.put("full", full);
    if (run != null) {
      fields.put("scheduled_for", run.scheduledFor().toString());
      fields.put("catch_up", run.catchUp());
    }
    fields.put("started_at", Instant.now().toString());
    ObjectNode entry = RefreshHistory.entry(fields);
    RefreshHistory history = RefreshHistory.of(spark, table);
    try {
      return new Started(history, history.start(entry), entry, run);
    } catch (Exception e) {
      LOG.warn("Could not record the start of a refresh of {}", table.sqlName(), e);
      return new Started(history, -1, entry, run);
    }
  }

  /**
   * A refresh whose consumer-group commits (commitOffsets) failed: said in its result's note and
   * its history entry; the refresh itself succeeded.
   */
  static void groupCommit(Started s, String error, List<String> notes) {
    if (error != null) {
      s.entry().put("group_commit_error", error);
      notes.add(
          "The table is up to date, but its consumer group was not: "
              + error
              + ". The next refresh commits again.");
    }
  }

  /** The lag a refresh left, for the table's metrics. */
  static void lag(SparkSession spark, StoredTable table, StreamingQueryProgress last) {
    long lag = StreamingTableStatus.lagAfter(last);
    if (lag >= 0) {
      metrics(spark, table).lag(lag);
    }
  }

  private static TableMetrics metrics(SparkSession spark, StoredTable table) {
    return TableMetrics.of(StreamingTables.qualified(spark, table.name()));
  }

  static void succeeded(SparkSession spark, StoredTable table, Started s, RefreshResult r) {
    metrics(spark, table).succeeded(r);
    ObjectNode last = finished(s, "SUCCEEDED");
    written(last, r);
    last.put("duration_ms", r.durationMs());
    last.put("note", r.note());
    record(spark, table, s, last);
  }

  /**
   * What the batches a failing refresh committed before its failure wrote: they stay in the table
   * and are not read again, so its history entry counts them ({@link #failed} keeps them).
   */
  static void committedBeforeFailure(Started s, RefreshResult r) {
    written(s.entry(), r);
  }

  private static void written(ObjectNode entry, RefreshResult r) {
    entry.put("rows_written", r.rowsWritten());
    entry.put("rows_dropped", r.rowsDropped());
    entry.put("records_quarantined", r.recordsQuarantined());
    entry.put("rows_quarantined", r.rowsQuarantined());
    entry.put("expectation_violations", r.expectationViolations());
    entry.put("batches", r.batches());
    entry.put("start_offsets", r.startOffsets());
    entry.put("end_offsets", r.endOffsets());
  }

  /** Records a failure; a failure to record it is logged, so the refresh's own error surfaces. */
  static void failed(SparkSession spark, StoredTable table, Started s, Exception e) {
    if (spark.sparkContext().isStopped()) {
      return; // cut off by the application's end: the next refresh records it as KILLED
    }
    ObjectNode last = finished(s, "FAILED");
    long durationMs =
        Instant.parse(last.get("finished_at").asText()).toEpochMilli()
            - Instant.parse(last.get("started_at").asText()).toEpochMilli();
    last.put("duration_ms", durationMs);
    metrics(spark, table).failed(durationMs);
    last.put("error_condition", e instanceof SparkThrowable st ? st.getCondition() : null);
    // Without the unresolved plan an AnalysisException appends to its message.
    last.put(
        "error_message",
        e instanceof org.apache.spark.sql.AnalysisException a
            ? a.getSimpleMessage()
            : e.getMessage());
    record(spark, table, s, last);
  }

  private static ObjectNode finished(Started s, String status) {
    ObjectNode last = s.entry().deepCopy();
    last.put("status", status);
    last.put("finished_at", Instant.now().toString());
    return last;
  }

  private static void record(SparkSession spark, StoredTable table, Started s, ObjectNode last) {
    try {
      if (s.seq() >= 0) {
        s.history()
            .finish(s.seq(), last, s.run() != null, KafkaSqlConf.HISTORY_RETENTION.get(spark));
      }
    } catch (Exception ex) {
      // Also an invalid history setting, whose AnalysisException is thrown unchecked.
      LOG.warn("Could not record the refresh of {} in its history", table.sqlName(), ex);
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
