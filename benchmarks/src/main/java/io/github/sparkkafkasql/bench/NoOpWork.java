package io.github.sparkkafkasql.bench;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * B5: the fixed costs. REFRESH STREAMING TABLE when nothing new has arrived, and the time to plan a
 * read_kafka query (analysis with its broker checks, optimization, physical planning).
 */
final class NoOpWork {

  /** These runs are short, so more of them are cheap and steady the median. */
  private static final int MIN_ROUNDS = 5;

  private NoOpWork() {}

  static List<Measurement> measure(Setup s) throws Exception {
    int rounds = Math.max(s.rounds(), MIN_ROUNDS);
    s.spark()
        .sql(
            "CREATE STREAMING TABLE bench_noop AS SELECT "
                + StreamingLoads.COLUMNS
                + " FROM STREAM read_kafka("
                + s.readKafkaArgs()
                + ", startingOffsets => 'earliest')")
        .collectAsList();
    List<Measurement> out = new ArrayList<>();
    out.addAll(
        Rounds.run(
            "B5",
            rounds,
            0,
            0,
            "rows_written=0",
            List.of(Variant.of("REFRESH, nothing new", false, () -> refresh(s)))));
    s.spark().sql("DROP TABLE bench_noop");
    String sql = "SELECT count(*) FROM read_kafka(" + s.readKafkaArgs() + ")";
    out.addAll(
        Rounds.run(
            "B5",
            rounds,
            0,
            0,
            null,
            List.of(
                Variant.of("planning, read_kafka SQL", false, () -> planned(s.spark().sql(sql))),
                Variant.of(
                    "planning, DataFrame API",
                    true,
                    () -> planned(BatchReads.source(s, true).agg(count(lit(1))))))));
    return out;
  }

  /** Plans the query without running it; there is nothing to check. */
  private static String planned(Dataset<Row> query) {
    query.queryExecution().executedPlan();
    return null;
  }

  private static String refresh(Setup s) {
    Row r = s.spark().sql("REFRESH STREAMING TABLE bench_noop").first();
    return "rows_written=" + r.getLong(r.fieldIndex("rows_written"));
  }
}
