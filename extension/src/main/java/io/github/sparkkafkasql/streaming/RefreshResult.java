package io.github.sparkkafkasql.streaming;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * What one refresh did: the row REFRESH STREAMING TABLE (and CREATE) returns. {@code
 * recordsQuarantined}: records that did not decode, written to the dead-letter table ({@code
 * onDecodeError => 'quarantine'}); {@code rowsQuarantined}: rows that violated an expectation ON
 * VIOLATION QUARANTINE, written there too; neither is in {@code rowsWritten}.
 */
public record RefreshResult(
    String table,
    long rowsWritten,
    long rowsDropped,
    long recordsQuarantined,
    long rowsQuarantined,
    String expectationViolations,
    int batches,
    String startOffsets,
    String endOffsets,
    long durationMs,
    String note) {

  public static final StructType SCHEMA =
      new StructType()
          .add("table", "string", false)
          .add("rows_written", "bigint", false)
          .add("rows_dropped", "bigint", false)
          .add("records_quarantined", "bigint", false)
          .add("rows_quarantined", "bigint", false)
          .add("expectation_violations", "string", true)
          .add("batches", "int", false)
          .add("start_offsets", "string", true)
          .add("end_offsets", "string", true)
          .add("duration_ms", "bigint", false)
          .add("note", "string", true);

  public Row toRow() {
    return RowFactory.create(
        table,
        rowsWritten,
        rowsDropped,
        recordsQuarantined,
        rowsQuarantined,
        expectationViolations,
        batches,
        startOffsets,
        endOffsets,
        durationMs,
        note);
  }

  public List<Row> rows() {
    return List.of(toRow());
  }
}
