package io.github.sparkkafkasql.bench;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;

/**
 * B3: loading the whole topic into a fresh Delta table, with CREATE STREAMING TABLE and with a
 * hand-written AvailableNow job, checking that every table ends up with the same contents.
 */
final class StreamingLoads {

  static final String COLUMNS = "key, value, topic, partition, offset, timestamp";
  private static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";
  private static final AtomicInteger TABLES = new AtomicInteger();

  private StreamingLoads() {}

  static List<Measurement> measure(Setup s) throws Exception {
    String expected = fingerprint(BatchReads.source(s, true));
    SparkSession defaults = s.spark().newSession();
    SparkSession tuned = s.spark().newSession();
    tuned.conf().set(SNAPSHOT_PARTITIONS, String.valueOf(s.cores()));
    Map<String, String> fetch = Map.of("kafka.fetch.max.wait.ms", BatchReads.FETCH_MAX_WAIT_MS);
    List<Variant> variants = new ArrayList<>();
    // Checking and dropping the tables is not measured: do it in the session that does it fastest.
    Variant.After drop = table -> drop(tuned, table);
    variants.add(new Variant("CREATE STREAMING TABLE", false, () -> create(s, s.spark()), drop));
    // The default split of refreshes (spark.kafkaSql.refresh.tasksPerCore) turned off.
    SparkSession unsplit = s.spark().newSession();
    unsplit.conf().set("spark.kafkaSql.refresh.tasksPerCore", "0");
    variants.add(
        new Variant(
            "CREATE, one task per Kafka partition (tasksPerCore=0)",
            false,
            () -> create(s, unsplit),
            drop));
    // The same backlog loaded by a REFRESH: FULL empties the table (one metadata-only commit)
    // and reloads the topic from its start.
    AtomicReference<String> loaded = new AtomicReference<>();
    variants.add(
        new Variant(
            "REFRESH ... FULL, same backlog",
            false,
            () -> {
              loaded.set(create(s, s.spark()));
              return null;
            },
            () -> {
              s.spark().sql("REFRESH STREAMING TABLE " + loaded.get() + " FULL").collectAsList();
              return loaded.get();
            },
            drop));
    variants.add(job(s, "hand-written job, Spark/Delta defaults", true, defaults, Map.of(), drop));
    String both = "hand-written + fetch wait + snapshotPartitions=" + s.cores();
    variants.add(job(s, both, false, tuned, fetch, drop));
    // For experiments (docs/performance.md, "Findings"): -Dbench.b3.alt="k=v;k=v|k=v" adds one
    // CREATE per "|" whose session sets those settings (a key "opt:<name>" is a read_kafka option
    // of that CREATE instead, e.g. "opt:kafka.max.partition.fetch.bytes=8388608");
    // -Dbench.b3.only=TABLE,snapshotPartitions
    // keeps the variants whose names contain one of the words (no spaces: BENCH_JAVA_OPTS is split
    // on them); without the baseline, the tuned job is the baseline.
    String alts = System.getProperty("bench.b3.alt");
    for (String alt : alts == null ? new String[0] : alts.split("\\|")) {
      SparkSession other = s.spark().newSession();
      StringBuilder options = new StringBuilder();
      for (String kv : alt.split(";")) {
        int eq = kv.indexOf('=');
        String key = kv.substring(0, eq).trim();
        String value = kv.substring(eq + 1).trim();
        if (key.startsWith("opt:")) {
          options.append(", `").append(key.substring(4)).append("` => '").append(value).append("'");
        } else {
          other.conf().set(key, value);
        }
      }
      variants.add(1, new Variant("CREATE, " + alt, false, () -> create(s, other, options), drop));
    }
    String keep = System.getProperty("bench.b3.only");
    if (keep != null && !keep.isBlank()) {
      List<String> words = List.of(keep.split(","));
      variants.removeIf(v -> words.stream().noneMatch(w -> v.name().contains(w.trim())));
      if (variants.stream().noneMatch(Variant::baseline)) {
        for (int i = 0; i < variants.size(); i++) {
          Variant v = variants.get(i);
          if (v.name().equals(both)) {
            variants.set(i, new Variant(v.name(), true, v.before(), v.timed(), v.after()));
          }
        }
      }
    }
    return Rounds.run("B3", s.rounds(), s.records(), s.bytes(), expected, variants);
  }

  private static String create(Setup s, SparkSession spark) {
    return create(s, spark, "");
  }

  private static String create(Setup s, SparkSession spark, CharSequence options) {
    String table = "bench_st_" + TABLES.incrementAndGet();
    spark
        .sql(
            "CREATE STREAMING TABLE "
                + table
                + " AS SELECT "
                + COLUMNS
                + " FROM STREAM read_kafka("
                + s.readKafkaArgs()
                + ", startingOffsets => 'earliest'"
                + options
                + ")")
        .collectAsList();
    return table;
  }

  private static Variant job(
      Setup s,
      String name,
      boolean baseline,
      SparkSession spark,
      Map<String, String> options,
      Variant.After drop) {
    return new Variant(name, baseline, () -> handWritten(s, spark, options), drop);
  }

  /** What one would write without the extension: Spark's source, Delta's sink, their defaults. */
  private static String handWritten(Setup s, SparkSession spark, Map<String, String> options)
      throws Exception {
    String table = "bench_job_" + TABLES.incrementAndGet();
    String checkpoint = Files.createTempDirectory(s.workDir(), "checkpoint-").toString();
    spark
        .readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", s.bootstrap())
        .option("subscribe", s.topic())
        .option("startingOffsets", "earliest")
        .options(options)
        .load()
        .selectExpr(COLUMNS.split(", "))
        .writeStream()
        .format("delta")
        .option("checkpointLocation", checkpoint)
        .trigger(Trigger.AvailableNow())
        .toTable(table)
        .awaitTermination();
    return table;
  }

  private static String drop(SparkSession spark, String table) {
    String check = fingerprint(spark.table(table));
    spark.sql("DROP TABLE " + table);
    return check;
  }

  /** Row count and an order-independent hash of every column of every row. */
  private static String fingerprint(Dataset<Row> rows) {
    Row r = rows.selectExpr("count(*)", "sum(hash(" + COLUMNS + "))").first();
    return "rows=" + r.get(0) + ", sum(hash)=" + r.get(1);
  }
}
