package io.github.sparkkafkasql.streaming;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udaf;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Tuple3;
import scala.runtime.AbstractPartialFunction;

/**
 * An aggregate of the Kafka records a micro-batch read: per topic partition, the runs of offsets
 * read. Two runs are apart only where at least two offsets in a row were not read: a single unread
 * offset is what a transaction marker leaves, and is no loss. {@link LostRecords} compares the runs
 * with the batch's planned range and the partition's earliest offset after the batch.
 *
 * <p>Its result, as text: {@code topic-partition=lo-hi,lo-hi;…} (inclusive bounds).
 */
final class ReadOffsets
    extends Aggregator<Tuple3<String, Integer, Long>, ReadOffsets.Runs, String> {

  /** Name of the observed metrics of the offsets read. */
  static final String METRICS = "kafka_sql_read_offsets";

  /** Runs kept per partition; past it the two closest runs merge (the smallest hole is lost). */
  static final int MAX_RUNS = 1000;

  /** The runs read so far, per partition ({@code topic-partition}). */
  public static final class Runs implements Serializable {
    private static final long serialVersionUID = 1L;
    final TreeMap<String, List<long[]>> byPartition = new TreeMap<>();
  }

  /** {@code df} observing the offsets its Kafka source reads in each batch. */
  static Dataset<Row> observe(Dataset<Row> df) {
    org.apache.spark.sql.classic.Dataset<Row> classic =
        (org.apache.spark.sql.classic.Dataset<Row>) df;
    LogicalPlan plan = classic.queryExecution().analyzed();
    List<KafkaLeaf> leaves = KafkaLeaf.of(df);
    if (leaves.isEmpty()) {
      return df;
    }
    LogicalPlan kafka = leaves.get(leaves.size() - 1).relation();
    Dataset<Row> read = org.apache.spark.sql.classic.Dataset.ofRows(classic.sparkSession(), kafka);
    Dataset<Row> observed =
        read.observe(
            METRICS,
            udaf(
                    new ReadOffsets(),
                    Encoders.tuple(Encoders.STRING(), Encoders.INT(), Encoders.LONG()))
                .apply(col("topic"), col("partition"), col("offset"))
                .as("runs"));
    LogicalPlan above =
        ((org.apache.spark.sql.classic.Dataset<Row>) observed).queryExecution().analyzed();
    LogicalPlan leaf = kafka;
    LogicalPlan rewritten =
        plan.transformUp(
            new AbstractPartialFunction<LogicalPlan, LogicalPlan>() {
              @Override
              public boolean isDefinedAt(LogicalPlan p) {
                return p == leaf;
              }

              @Override
              public LogicalPlan apply(LogicalPlan p) {
                return p == leaf ? above : p;
              }
            });
    return org.apache.spark.sql.classic.Dataset.ofRows(classic.sparkSession(), rewritten);
  }

  @Override
  public Runs zero() {
    return new Runs();
  }

  @Override
  public Runs reduce(Runs b, Tuple3<String, Integer, Long> record) {
    if (record._1() == null || record._2() == null || record._3() == null) {
      return b;
    }
    List<long[]> runs =
        b.byPartition.computeIfAbsent(record._1() + "-" + record._2(), k -> new ArrayList<>());
    long offset = record._3();
    long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
    // A task reads its range in order: the usual case extends the last run.
    if (last != null && offset >= last[0] && offset <= last[1] + 2) {
      last[1] = Math.max(last[1], offset);
    } else {
      runs.add(new long[] {offset, offset});
      if (last != null && offset < last[0]) {
        normalize(runs);
      }
      cap(runs);
    }
    return b;
  }

  @Override
  public Runs merge(Runs a, Runs b) {
    b.byPartition.forEach(
        (tp, runs) -> {
          List<long[]> into = a.byPartition.computeIfAbsent(tp, k -> new ArrayList<>());
          into.addAll(runs);
          normalize(into);
          cap(into);
        });
    return a;
  }

  @Override
  public String finish(Runs b) {
    StringBuilder s = new StringBuilder();
    b.byPartition.forEach(
        (tp, runs) -> {
          normalize(runs);
          if (s.length() > 0) {
            s.append(';');
          }
          s.append(tp).append('=');
          for (int i = 0; i < runs.size(); i++) {
            s.append(i == 0 ? "" : ",").append(runs.get(i)[0]).append('-').append(runs.get(i)[1]);
          }
        });
    return s.toString();
  }

  @Override
  public Encoder<Runs> bufferEncoder() {
    return Encoders.javaSerialization(Runs.class);
  }

  @Override
  public Encoder<String> outputEncoder() {
    return Encoders.STRING();
  }

  /** The runs of {@link #finish}'s text, per partition, as inclusive {@code [lo, hi]} pairs. */
  static Map<String, List<long[]>> parse(String text) {
    Map<String, List<long[]>> out = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    for (String partition : text.split(";")) {
      int eq = partition.lastIndexOf('=');
      List<long[]> runs = new ArrayList<>();
      for (String run : partition.substring(eq + 1).split(",")) {
        int dash = run.indexOf('-', 1);
        if (dash > 0) {
          runs.add(
              new long[] {
                Long.parseLong(run.substring(0, dash)), Long.parseLong(run.substring(dash + 1))
              });
        }
      }
      out.put(partition.substring(0, eq), runs);
    }
    return out;
  }

  /** Sorts the runs and joins those less than two unread offsets apart. */
  private static void normalize(List<long[]> runs) {
    runs.sort(Comparator.comparingLong(r -> r[0]));
    List<long[]> joined = new ArrayList<>();
    for (long[] r : runs) {
      long[] last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
      if (last != null && r[0] <= last[1] + 2) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        joined.add(new long[] {r[0], r[1]});
      }
    }
    runs.clear();
    runs.addAll(joined);
  }

  private static void cap(List<long[]> runs) {
    while (runs.size() > MAX_RUNS) {
      int closest = 0;
      for (int i = 1; i < runs.size() - 1; i++) {
        if (runs.get(i + 1)[0] - runs.get(i)[1] < runs.get(closest + 1)[0] - runs.get(closest)[1]) {
          closest = i;
        }
      }
      runs.get(closest)[1] = runs.get(closest + 1)[1];
      runs.remove(closest + 1);
    }
  }
}
