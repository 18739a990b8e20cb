package io.github.sparkkafkasql.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A streaming table's refresh history, in {@code <state location>/history}: one small JSON file per
 * refresh, named by its sequence number ({@code 00000000000000000042.json}), written once.
 *
 * <p>A refresh writes {@code <n>.running.json} when it starts and {@code <n>.json} when it ends,
 * then deletes the first; a refresh that finds the newest entry still running (its process died)
 * records it as {@code KILLED} before starting. A hint file {@code _last} names the newest entry
 * and the newest scheduled one; it is only a hint (rewritten after each refresh, and a crash may
 * leave it one entry behind), so readers check the next numbers after it. Appending and reading the
 * newest entry are thus a few file operations whatever the length of the history, on any Hadoop
 * file system (no rename, no append, no listing). Each refresh deletes the entry {@link
 * KafkaSqlConf#HISTORY_RETENTION} places behind it; every hundredth one lists the directory to
 * delete what a lowered retention left behind.
 *
 * <p>Not a Delta table: a Delta commit per refresh costs a transaction log write and, every ten
 * commits, a checkpoint, and reading the newest row means rebuilding the log's snapshot
 * (docs/performance.md, B8).
 */
public final class RefreshHistory {

  static final String DIR = "history";
  private static final String HINT = "_last";
  private static final String RUNNING = ".running.json";
  private static final String DONE = ".json";
  private static final int CLEANUP_EVERY = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The columns of {@code event_log}, in the order of its rows. */
  public static final StructType SCHEMA =
      new StructType()
          .add("seq", "bigint", false)
          .add("refresh_id", "string", true)
          .add("status", "string", true)
          .add("trigger", "string", true)
          .add("full", "boolean", true)
          .add("scheduled_for", "timestamp", true)
          .add("catch_up", "boolean", true)
          .add("started_at", "timestamp", true)
          .add("finished_at", "timestamp", true)
          .add("duration_ms", "bigint", true)
          .add("rows_written", "bigint", true)
          .add("rows_dropped", "bigint", true)
          .add("records_quarantined", "bigint", true)
          .add("rows_quarantined", "bigint", true)
          .add("expectation_violations", "string", true)
          .add("batches", "int", true)
          .add("start_offsets", "string", true)
          .add("end_offsets", "string", true)
          .add("group_commit_error", "string", true)
          .add("error_condition", "string", true)
          .add("error_message", "string", true)
          .add("note", "string", true);

  private final FileSystem fs;
  private final Path dir;

  private RefreshHistory(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  /** The history of a table (which may not exist yet). */
  public static RefreshHistory of(SparkSession spark, StoredTable table) {
    return of(spark.sparkContext().hadoopConfiguration(), table);
  }

  /** The history of a table, through a Hadoop configuration. */
  public static RefreshHistory of(Configuration hadoop, StoredTable table) {
    Path dir = new Path(table.stateLocation(), DIR);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      // Hadoop's local file system writes a .crc file beside each file: twice the files to list.
      if (fs instanceof LocalFileSystem local) {
        fs = local.getRawFileSystem();
      }
      return new RefreshHistory(fs, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The newest entry and the newest finished scheduled entry (-1 when none). */
  private record Pointer(long last, long lastScheduled) {}

  /**
   * Starts an entry for a refresh, first recording a refresh that never finished as KILLED. Returns
   * its sequence number.
   */
  long start(ObjectNode entry) throws IOException {
    Pointer p = pointer();
    if (p.last >= 0 && !fs.exists(file(p.last, DONE))) {
      ObjectNode killed = read(file(p.last, RUNNING));
      if (killed != null) {
        killed.put("status", "KILLED");
        killed.put(
            "error_message",
            "The refresh stopped before it finished: its application ended or was killed. The next"
                + " refresh resumed from the checkpoint: nothing was lost or written twice.");
        write(file(p.last, DONE), killed, false);
      }
      fs.delete(file(p.last, RUNNING), false);
      writeHint(new Pointer(p.last, p.lastScheduled));
    }
    long seq = p.last + 1;
    while (fs.exists(file(seq, DONE)) || fs.exists(file(seq, RUNNING))) {
      seq++; // another process's refresh on a file system the refresh lock does not cover
    }
    entry.put("seq", seq);
    write(file(seq, RUNNING), entry, false);
    return seq;
  }

  /** Records how a refresh ended, and deletes entries past the retention. */
  void finish(long seq, ObjectNode entry, boolean scheduled, int retention) throws IOException {
    entry.put("seq", seq);
    write(file(seq, DONE), entry, true);
    fs.delete(file(seq, RUNNING), false);
    Pointer p = pointer();
    writeHint(new Pointer(Math.max(p.last, seq), scheduled ? seq : p.lastScheduled));
    long oldest = seq - retention + 1;
    if (seq % CLEANUP_EVERY == 0) {
      for (long old : sequences()) {
        if (old < oldest) {
          fs.delete(file(old, DONE), false);
          fs.delete(file(old, RUNNING), false);
        }
      }
    } else if (oldest > 0) {
      fs.delete(file(oldest - 1, DONE), false);
    }
  }

  /**
   * The last finished refresh of a table; for a table refreshed only before the history existed,
   * the outcome its {@code kafkasql.lastRefresh} property recorded. Null before the first refresh.
   */
  public static JsonNode lastRefresh(Configuration hadoop, StoredTable table) {
    JsonNode last = of(hadoop, table).lastFinished();
    return last != null ? last : table.lastRefreshJson();
  }

  /** The last finished scheduled refresh, like {@link #lastRefresh}; null when none. */
  public static JsonNode lastScheduledRefresh(Configuration hadoop, StoredTable table) {
    RefreshHistory history = of(hadoop, table);
    return history.lastFinished() != null
        ? history.lastScheduled()
        : table.lastScheduledRefreshJson();
  }

  /** The newest finished entry, or null when there is none. */
  public JsonNode lastFinished() {
    try {
      Pointer p = pointer();
      for (long seq = p.last; seq >= 0 && seq > p.last - 2; seq--) {
        ObjectNode done = read(file(seq, DONE));
        if (done != null) {
          return done;
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The newest finished scheduled refresh, or null. */
  public JsonNode lastScheduled() {
    try {
      Pointer p = pointer();
      return p.lastScheduled < 0 ? null : read(file(p.lastScheduled, DONE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The end offsets of the newest finished refresh that recorded some, or null. */
  String lastEndOffsets() {
    try {
      Pointer p = pointer();
      for (long seq = p.last; seq >= 0 && seq > p.last - 100; seq--) {
        ObjectNode done = read(file(seq, DONE));
        if (done != null && done.hasNonNull("end_offsets")) {
          return done.get("end_offsets").asText();
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every entry, oldest first; a refresh under way appears with status RUNNING. */
  public List<JsonNode> all() {
    try {
      List<JsonNode> entries = new ArrayList<>();
      for (long seq : sequences()) {
        ObjectNode e = read(file(seq, DONE));
        if (e == null) {
          e = read(file(seq, RUNNING));
        }
        if (e != null) {
          entries.add(e);
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every entry as a row of {@link #SCHEMA}, oldest first. */
  public List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (JsonNode e : all()) {
      Object[] values = new Object[SCHEMA.size()];
      for (int i = 0; i < values.length; i++) {
        StructField f = SCHEMA.fields()[i];
        JsonNode v = e.get(f.name());
        values[i] = v == null || v.isNull() ? null : value(f.dataType(), v);
      }
      rows.add(RowFactory.create(values));
    }
    return rows;
  }

  private static Object value(DataType type, JsonNode v) {
    if (type instanceof TimestampType) {
      return Timestamp.from(Instant.parse(v.asText()));
    } else if (type instanceof LongType) {
      return v.asLong();
    } else if (type instanceof IntegerType) {
      return v.asInt();
    } else if (type instanceof BooleanType) {
      return v.asBoolean();
    }
    return v.asText();
  }

  private Pointer pointer() throws IOException {
    ObjectNode hint = read(new Path(dir, HINT));
    long last;
    long scheduled;
    if (hint == null) {
      // No hint yet, or one being rewritten: list once (bounded by the retention).
      List<Long> all = sequences();
      last = all.isEmpty() ? -1 : all.get(all.size() - 1);
      scheduled = -1;
      for (int i = all.size() - 1; i >= 0 && scheduled < 0; i--) {
        if (isScheduled(read(file(all.get(i), DONE)))) {
          scheduled = all.get(i);
        }
      }
      return new Pointer(last, scheduled);
    }
    last = hint.path("last").asLong(-1);
    scheduled = hint.path("last_scheduled").asLong(-1);
    for (long next = last + 1; ; next++) {
      ObjectNode done = read(file(next, DONE));
      if (done == null && !fs.exists(file(next, RUNNING))) {
        return new Pointer(last, scheduled);
      }
      last = next;
      if (isScheduled(done)) {
        scheduled = next;
      }
    }
  }

  private static boolean isScheduled(JsonNode entry) {
    return entry != null
        && "SCHEDULE".equals(entry.path("trigger").asText())
        && !"KILLED".equals(entry.path("status").asText());
  }

  private List<Long> sequences() throws IOException {
    TreeMap<Long, Boolean> found = new TreeMap<>();
    FileStatus[] files;
    try {
      files = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return List.of();
    }
    for (FileStatus f : files) {
      String name = f.getPath().getName();
      int dot = name.indexOf('.');
      if (dot == 20 && name.substring(0, dot).chars().allMatch(Character::isDigit)) {
        found.put(Long.parseLong(name.substring(0, dot)), true);
      }
    }
    return new ArrayList<>(found.keySet());
  }

  private void writeHint(Pointer p) throws IOException {
    ObjectNode hint = JSON.createObjectNode();
    hint.put("last", p.last);
    hint.put("last_scheduled", p.lastScheduled);
    write(new Path(dir, HINT), hint, true);
  }

  private Path file(long seq, String suffix) {
    return new Path(dir, String.format(java.util.Locale.ROOT, "%020d", seq) + suffix);
  }

  private ObjectNode read(Path path) throws IOException {
    byte[] bytes;
    try (InputStream in = fs.open(path)) {
      bytes = in.readAllBytes();
    } catch (FileNotFoundException e) {
      return null;
    }
    try {
      return JSON.readTree(bytes) instanceof ObjectNode o ? o : null;
    } catch (IOException e) {
      return null; // being written, or cut short by a crash: as if absent
    }
  }

  private void write(Path path, JsonNode value, boolean overwrite) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(value);
    try (FSDataOutputStream out = fs.create(path, overwrite)) {
      ((OutputStream) out).write(bytes);
    }
  }

  /** Entry fields as JSON, for a map built by {@link RefreshOutcomes}. */
  static ObjectNode entry(Map<String, Object> fields) {
    return JSON.valueToTree(fields);
  }
}
