package io.github.sparkkafkasql.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sparkkafkasql.catalog.Expectation;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTableDefinition;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.catalog.TableProperties;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.errors.KafkaSqlErrors;
import io.github.sparkkafkasql.errors.PayloadErrors;
import io.github.sparkkafkasql.errors.RecordDecodeException;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.payloads.PayloadSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.artifact.ArtifactManager;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Runs one refresh of a streaming table: everything that arrived since the last refresh, as an
 * AvailableNow streaming query into the Delta table, then stops. Exactly once comes from Spark's
 * checkpoint (which offsets each batch covers) and Delta's idempotent streaming sink, given each
 * batch by {@link DeltaBatchSink} (a batch already committed is never written again), so a refresh
 * killed at any point is finished by the next one.
 */
public final class Refresher {

  static final String FULL_NOTE =
      "Full refresh: the table was emptied and reloaded from the definition's starting position;"
          + " records Kafka's retention had already deleted are not in it.";

  private static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";

  private Refresher() {}

  /** Refreshes the table, under its lock. */
  public static RefreshResult refresh(SparkSession spark, List<String> name, boolean full) {
    return refresh(spark, name, full, null);
  }

  /**
   * What runs first under a table's refresh lock: it may change the table, and returns the
   * definition it has analysed for this refresh ({@link #analyse}), or null to have the refresh
   * analyse the stored definition.
   */
  @FunctionalInterface
  public interface UnderLock {
    Dataset<Row> prepare(StoredTable table);
  }

  /**
   * Refreshes the table; {@code underLock}, when not null, runs first, holding the table's refresh
   * lock.
   */
  public static RefreshResult refresh(
      SparkSession spark, List<String> name, boolean full, UnderLock underLock) {
    return refresh(spark, name, full, underLock, null);
  }

  /**
   * Refreshes the table for the scheduler; {@code check} runs first under the lock and may throw to
   * call the refresh off (e.g. when the schedule changed meanwhile).
   */
  public static RefreshResult scheduled(
      SparkSession spark, List<String> name, ScheduledRun run, Consumer<StoredTable> check) {
    return refresh(
        spark,
        name,
        false,
        t -> {
          check.accept(t);
          return null;
        },
        run);
  }

  private static RefreshResult refresh(
      SparkSession spark,
      List<String> name,
      boolean full,
      UnderLock underLock,
      ScheduledRun scheduled) {
    // Read before anything runs: an invalid value found only when the refresh records its end
    // would leave its history entry RUNNING.
    KafkaSqlConf.HISTORY_RETENTION.get(spark);
    StoredTable table = StreamingTables.loadStreamingTable(spark, name);
    try (RefreshLock lock = RefreshLock.acquire(table.stateLocation(), table.sqlName())) {
      // Another process may have changed the table (e.g. finished a FULL) before we held the lock.
      table = StreamingTables.loadStreamingTable(spark, name);
      Dataset<Row> prepared = null;
      if (underLock != null) {
        prepared = underLock.prepare(table);
        table = StreamingTables.loadStreamingTable(spark, name);
      }
      String refreshId = UUID.randomUUID().toString();
      boolean reset = full || table.properties().containsKey(TableProperties.FULL_REFRESH_PENDING);
      RefreshOutcomes.Started started =
          RefreshOutcomes.started(spark, table, refreshId, reset, scheduled);
      RefreshResult result;
      try {
        if (reset) {
          // In a refresh session: emptying the table rebuilds its Delta state, which at Delta's
          // default of 50 snapshot partitions took most of a FULL refresh of 1M records (B3).
          table = resetState(session(spark), table);
          // Analysed for the old checkpoint; a reset one starts from the starting options.
          prepared = null;
        }
        Dataset<Row> df = prepared != null ? prepared : analyse(spark, table, table.definition());
        result = run(df, table, reset, refreshId, started);
      } catch (Exception e) {
        // Any failure past the lock is an outcome of this refresh: analysis (a deleted topic, a
        // missing secret) as well as the streaming query.
        RefreshOutcomes.failed(spark, table, started, e);
        throw e;
      }
      RefreshOutcomes.succeeded(spark, table, started, result);
      return result;
    }
  }

  /**
   * A session for refreshes: a clone of the user's, so the settings a refresh needs do not leak
   * into it. A definition is analysed in it once, and the analysed plan is what the refresh runs.
   */
  public static SparkSession session(SparkSession user) {
    org.apache.spark.sql.classic.SparkSession classic =
        (org.apache.spark.sql.classic.SparkSession) user;
    org.apache.spark.sql.classic.SparkSession spark = classic.cloneSession();
    if (!hasArtifacts(classic)) {
      // Spark caches generated code per class loader, and gives each session isolated for its
      // artifacts a class loader of its own on the executors. A streaming query runs in a new clone
      // of its session, so every refresh compiled all of its code again: 30 classes, 0.6-0.8 s of a
      // 1M-record load (B3). A refresh adds no artifacts; with none in the user's session either,
      // its queries can share the executors' default class loader and the code compiled for the
      // refreshes before. The setting counts when a session is created: clone once more.
      spark.conf().set(SQLConf.ARTIFACTS_SESSION_ISOLATION_ENABLED().key(), "false");
      spark = spark.cloneSession();
    }
    // Keep every batch's progress, not Spark's default last 100, to report the whole refresh.
    spark.conf().set("spark.sql.streaming.numRecentProgressUpdates", "1000000");
    // The Delta sink reconstructs the table's state to find its last committed batch, by default
    // in 50 partitions: seconds of scheduling on a small cluster. Match the cluster's cores.
    if (!user.conf().contains(SNAPSHOT_PARTITIONS)) {
      int cores = user.sparkContext().defaultParallelism();
      spark.conf().set(SNAPSHOT_PARTITIONS, String.valueOf(Math.max(1, Math.min(50, cores))));
    }
    // Streaming queries run without AQE anyway; turning it off spares every refresh a warning.
    spark.conf().set("spark.sql.adaptive.enabled", "false");
    return spark;
  }

  /**
   * Whether jars, classes or Python files were added to the session (Spark Connect clients add them
   * for their UDFs): its refreshes then keep the session's isolated class loader.
   */
  private static boolean hasArtifacts(org.apache.spark.sql.classic.SparkSession session) {
    ArtifactManager artifacts = session.artifactManager();
    return artifacts.sessionArtifactAdded().get()
        || !artifacts.getAddedJars().isEmpty()
        || !artifacts.getPythonIncludes().isEmpty();
  }

  /**
   * {@code definition} analysed for the next refresh of {@code table}, in a refresh session; its
   * starting options are checked against Kafka when the table has no checkpoint yet.
   */
  public static Dataset<Row> analyse(
      SparkSession user, StoredTable table, StreamingTableDefinition definition) {
    return analyse(user, table, definition, PayloadSchemas.stored(table.payloadSchemas()));
  }

  /** {@link #analyse} with other payload schemas than the table's stored ones. */
  static Dataset<Row> analyse(
      SparkSession user,
      StoredTable table,
      StreamingTableDefinition definition,
      PayloadSchemas schemas) {
    SparkSession spark = session(user);
    String checkpoint = table.checkpointLocation(table.generation());
    return DefinitionPlan.build(
        spark,
        table.sqlName(),
        definition,
        !StateFiles.exists(spark, checkpoint + "/offsets"),
        schemas);
  }

  /**
   * REFRESH … FULL: empty the table and move to a new checkpoint generation, in one Delta commit
   * ({@link TableReset}): a crash before it changes nothing, and after it the next refresh loads
   * the empty table from the starting position, so old and new rows never mix. A table an earlier
   * version left with its {@code kafkasql.fullRefreshPending} marker (a reset cut short) is reset
   * to the generation the marker names.
   */
  private static StoredTable resetState(SparkSession spark, StoredTable table) {
    if ("true".equalsIgnoreCase(table.properties().get("delta.appendOnly"))) {
      throw StreamingTableErrors.fullRefreshAppendOnly(table.sqlName());
    }
    String pending = table.properties().get(TableProperties.FULL_REFRESH_PENDING);
    int next = pending != null ? Integer.parseInt(pending) : table.generation() + 1;
    // A new generation's checkpoint must start empty; nothing uses it before the commit.
    delete(spark, table.checkpointLocation(next));
    TableReset.emptyAndMoveTo(spark, table.location(), next);
    for (int g = 0; g < next; g++) {
      delete(spark, table.checkpointLocation(g));
    }
    return StreamingTables.loadStreamingTable(spark, table.name());
  }

  private static RefreshResult run(
      Dataset<Row> df,
      StoredTable table,
      boolean full,
      String refreshId,
      RefreshOutcomes.Started started) {
    long start = System.nanoTime();
    df.sparkSession()
        .conf()
        .set(
            "spark.databricks.delta.commitInfo.userMetadata",
            "{\"kafkaSqlRefresh\":\"" + refreshId + "\"}");
    ParquetDefaults.apply(df.sparkSession(), df.schema());
    StreamingTableDefinition definition = table.definition();
    String checkpoint = table.checkpointLocation(table.generation());
    boolean fresh = !StateFiles.exists(df.sparkSession(), checkpoint + "/offsets");
    if (fresh) {
      // A first load (CREATE, FULL, a table that has read nothing yet) almost always has a batch
      // to write; later refreshes often have none, and would build the state for nothing.
      TableState.warm(df.sparkSession(), table.location());
    }
    List<KafkaLeaf> leaves = KafkaLeaf.of(df);
    List<ReadKafkaSource> sources = leaves.stream().map(KafkaLeaf::source).toList();
    // What each source committed, from the checkpoint's offset log (none before the first batch).
    List<Map<TopicPartition, Long>> committed =
        fresh || leaves.isEmpty() ? List.of() : committedBySource(df.sparkSession(), table);
    SourceIds.Check ids = SourceIds.check(df.sparkSession(), table, leaves, committed, fresh);
    List<RetentionCheck.Gap> gaps = checkRetention(table, leaves, committed);
    GroupOffsets group = GroupOffsets.of(df, checkpoint);
    LostRecords lost = LostRecords.of(df, checkpoint);
    if (lost != null) {
      df = ReadOffsets.observe(df);
    }
    if (full) {
      group.forget();
    }
    QuarantineRows.Target quarantine =
        QuarantineRows.target(df.sparkSession(), table, df, refreshId, System.currentTimeMillis());
    StreamingQuery query = null;
    String name =
        "streaming table "
            + String.join(".", StreamingTables.qualified(df.sparkSession(), table.name()));
    BrokerWatch.warnIfStillStopping(name);
    try {
      DataStreamWriter<Row> writer =
          df.writeStream()
              .format("delta")
              .queryName(name)
              .option("checkpointLocation", checkpoint)
              .outputMode("append")
              .trigger(Trigger.AvailableNow());
      if (quarantine == null
          && lost == null
          && group.isEmpty()
          && DeltaBatchSink.writesPlanAsIs(df, table.location())) {
        // Delta's sink straight on the batch's plan: one row copy less than foreachBatch, which
        // hands the batch over as an RDD (B3: 12 % of a 1M-record load).
        query = writer.start(table.location());
      } else {
        query =
            writer
                .foreachBatch(
                    new DeltaBatchSink(
                        table.location(),
                        quarantine,
                        batchId -> {
                          group.committed(batchId);
                          if (lost != null) {
                            lost.afterBatch(batchId);
                          }
                        }))
                .start();
      }
      BrokerWatch.awaitTermination(
          query, sources, KafkaSqlConf.CONNECT_TIMEOUT.get(df.sparkSession()), table.sqlName());
    } catch (StreamingQueryException | java.util.concurrent.TimeoutException e) {
      countCommitted(df, table, definition, query, start, started, e);
      if (lost != null && query != null) {
        // The batches committed before the failure are not read again: their gaps are said now.
        try {
          List<RetentionCheck.Gap> skipped = lost.gaps(query.recentProgress(), gaps);
          if (!skipped.isEmpty()) {
            started.entry().put("note", RetentionCheck.note(skipped));
          }
        } catch (Exception again) {
          e.addSuppressed(again);
        }
      }
      throw translate(table, df.sparkSession(), sources, e);
    } catch (Exception e) {
      // The broker watch's own error (KAFKA_SQL_REFRESH_BROKER_UNREACHABLE), among others. Not
      // only RuntimeException: this extension's errors are AnalysisExceptions, thrown unchecked.
      countCommitted(df, table, definition, query, start, started, e);
      throw e;
    }
    ids.record();
    List<String> notes = new ArrayList<>();
    if (full) {
      notes.add(FULL_NOTE);
    }
    if (lost != null) {
      // Gaps found before the refresh and by its batches, each offset once.
      gaps = lost.gaps(query.recentProgress(), gaps);
    }
    if (!gaps.isEmpty()) {
      notes.add(RetentionCheck.note(gaps));
    }
    group.finish();
    RefreshOutcomes.lag(df.sparkSession(), table, query.lastProgress());
    RefreshOutcomes.groupCommit(started, group.error(), notes);
    return summarize(
        df.sparkSession(),
        table,
        definition,
        query.recentProgress(),
        start,
        notes.isEmpty() ? null : String.join(" ", notes));
  }

  /**
   * Batches a failing refresh committed stay written and are not read again: its history entry
   * counts them.
   */
  private static void countCommitted(
      Dataset<Row> df,
      StoredTable table,
      StreamingTableDefinition definition,
      StreamingQuery query,
      long start,
      RefreshOutcomes.Started started,
      Exception e) {
    if (query == null) {
      return;
    }
    try {
      RefreshResult done =
          summarize(df.sparkSession(), table, definition, query.recentProgress(), start, null);
      if (done.batches() > 0) {
        RefreshOutcomes.committedBeforeFailure(started, done);
      }
    } catch (Exception again) {
      e.addSuppressed(again);
    }
  }

  private static List<Map<TopicPartition, Long>> committedBySource(
      SparkSession spark, StoredTable table) {
    try {
      return StreamingTableStatus.committedOffsetsBySource(spark, table);
    } catch (java.io.IOException e) {
      throw StreamingTableErrors.refreshFailed(
          table.sqlName(), "could not read the checkpoint: " + e.getMessage(), e);
    }
  }

  private static List<RetentionCheck.Gap> checkRetention(
      StoredTable table, List<KafkaLeaf> leaves, List<Map<TopicPartition, Long>> committed) {
    try {
      return RetentionCheck.check(table, leaves, committed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StreamingTableErrors.refreshFailed(table.sqlName(), "interrupted", e);
    }
  }

  private static RefreshResult summarize(
      SparkSession spark,
      StoredTable table,
      StreamingTableDefinition definition,
      StreamingQueryProgress[] progress,
      long startNanos,
      String note) {
    long rows = 0;
    long dropped = 0;
    long recordsQuarantined = 0;
    long rowsQuarantined = 0;
    long[] violations = new long[definition.expectations().size()];
    int batches = 0;
    String startOffsets = null;
    String endOffsets = null;
    boolean first = true;
    for (StreamingQueryProgress p : progress) {
      Row m = p.observedMetrics().get(DefinitionPlan.METRICS);
      if (m == null) {
        continue;
      }
      batches++;
      rows += m.getLong(m.fieldIndex("rows"));
      dropped += m.isNullAt(m.fieldIndex("dropped")) ? 0 : m.getLong(m.fieldIndex("dropped"));
      recordsQuarantined += sum(m, DefinitionPlan.RECORDS_QUARANTINED);
      rowsQuarantined += sum(m, DefinitionPlan.ROWS_QUARANTINED);
      for (int i = 0; i < violations.length; i++) {
        int idx = m.fieldIndex("violations_" + i);
        violations[i] += m.isNullAt(idx) ? 0 : m.getLong(idx);
      }
      if (first) {
        // NULL on a table's first batch: it starts at the definition's starting offsets.
        startOffsets = offsets(p.sources(), true);
        first = false;
      }
      endOffsets = offsets(p.sources(), false);
    }
    if (batches == 0) {
      endOffsets = previousEndOffsets(spark, table);
      startOffsets = endOffsets;
    }
    Map<String, Long> byExpectation = new LinkedHashMap<>();
    List<Expectation> expectations = definition.expectations();
    for (int i = 0; i < violations.length; i++) {
      byExpectation.put(expectations.get(i).name(), violations[i]);
    }
    long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
    return new RefreshResult(
        String.join(".", table.name()),
        rows - dropped - rowsQuarantined,
        dropped,
        recordsQuarantined,
        rowsQuarantined,
        byExpectation.isEmpty() ? null : RefreshOutcomes.json(byExpectation),
        batches,
        startOffsets,
        endOffsets,
        durationMs,
        note);
  }

  private static long sum(Row m, String name) {
    int i = m.fieldIndex(name);
    return m.isNullAt(i) ? 0 : m.getLong(i);
  }

  private static String offsets(SourceProgress[] sources, boolean start) {
    if (sources.length == 1) {
      return start ? sources[0].startOffset() : sources[0].endOffset();
    }
    List<String> all = new ArrayList<>();
    for (SourceProgress s : sources) {
      all.add(start ? s.startOffset() : s.endOffset());
    }
    return "[" + String.join(",", all) + "]";
  }

  private static String previousEndOffsets(SparkSession spark, StoredTable table) {
    String recorded = RefreshHistory.of(spark, table).lastEndOffsets();
    if (recorded != null) {
      return recorded;
    }
    // A table last refreshed before the history existed: its outcome is a table property.
    JsonNode last = table.lastRefreshJson();
    return last == null ? null : last.path("end_offsets").asText(null);
  }

  /** Delta's streaming source, refusing a version that deleted or changed rows. */
  private static final List<String> DELTA_SOURCE_CHANGED =
      List.of("DELTA_SOURCE_IGNORE_DELETE", "DELTA_SOURCE_TABLE_IGNORE_CHANGES");

  private static RuntimeException translate(
      StoredTable stored, SparkSession spark, List<ReadKafkaSource> sources, Exception e) {
    String table = stored.sqlName();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      int marker = message.indexOf(DefinitionPlan.FAIL_MARKER);
      int end = message.indexOf(DefinitionPlan.FAIL_MARKER_END, marker + 1);
      if (marker >= 0 && end > marker) {
        String name = message.substring(marker + DefinitionPlan.FAIL_MARKER.length(), end);
        return StreamingTableErrors.expectationFailed(table, name);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      // Raised on an executor and wrapped in the query's and the job's failures: the record it
      // names is what the user needs.
      if (t instanceof RecordDecodeException d) {
        return PayloadErrors.decodeFailedInRefresh(d, e);
      }
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof org.apache.spark.sql.AnalysisException ae
          && ae.getCondition() != null
          && ae.getCondition().startsWith("KAFKA_SQL_")) {
        return KafkaSqlErrors.raise(ae);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      // Delta's own advice is to delete the checkpoint, which would load everything again.
      if (t instanceof SparkThrowable delta
          && "DIFFERENT_DELTA_TABLE_READ_BY_STREAMING_SOURCE".equals(delta.getCondition())) {
        Map<String, String> p = delta.getMessageParameters();
        return StreamingTableErrors.sourceTableReplaced(
            table, p.getOrDefault("oldTableId", "?"), p.getOrDefault("newTableId", "?"), e);
      }
      if (t instanceof SparkThrowable delta
          && "DELTA_NOT_NULL_CONSTRAINT_VIOLATED".equals(delta.getCondition())) {
        return StreamingTableErrors.notNullViolated(
            table, delta.getMessageParameters().getOrDefault("columnName", "?"), e);
      }
      if (t instanceof SparkThrowable delta
          && DELTA_SOURCE_CHANGED.contains(String.valueOf(delta.getCondition()))) {
        Map<String, String> p = delta.getMessageParameters();
        return StreamingTableErrors.sourceTableChanged(
            table, p.getOrDefault("dataPath", "?"), p.getOrDefault("version", "?"), e);
      }
    }
    RuntimeException kafka = KafkaFailures.translate(stored, spark, sources, e);
    if (kafka != null) {
      return kafka;
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    // The template ends the reason with a period of its own.
    String reason = String.valueOf(root.getMessage()).strip().replaceAll("\\.+$", "");
    return StreamingTableErrors.refreshFailed(
        table, root.getClass().getSimpleName() + ": " + reason, e);
  }

  private static void delete(SparkSession spark, String location) {
    StateFiles.delete(spark, location);
  }
}
