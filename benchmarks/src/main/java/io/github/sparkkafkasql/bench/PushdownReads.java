package io.github.sparkkafkasql.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * B6: batch queries that want about 1 % of the topic (and a LIMIT 1000 peek), through read_kafka
 * (pushdown on) and through Spark's source (the same filter on {@code spark.read.format("kafka")},
 * which reads the whole range). Each query is its own benchmark, with the DataFrame API as its
 * baseline.
 */
final class PushdownReads {

  private PushdownReads() {}

  static List<Measurement> measure(Setup s) throws Exception {
    long wanted = Math.max(1, s.records() / 100);
    long perPartition = s.records() / partitions(s);
    List<Measurement> all = new ArrayList<>();
    // The newest 1 %: start at the timestamp of the record 99 % into partition 0.
    long offset = perPartition - perPartition / 100;
    Row first =
        s.spark()
            .sql(
                "SELECT CAST(timestamp AS STRING) FROM read_kafka("
                    + s.readKafkaArgs()
                    + ") WHERE partition = 0 AND offset = "
                    + offset)
            .collectAsList()
            .get(0);
    all.addAll(compare(s, "B6 time", "timestamp >= TIMESTAMP '" + first.getString(0) + "'", null));
    long from = perPartition / 2;
    all.addAll(
        compare(
            s,
            "B6 offsets",
            "partition = 1 AND offset >= " + from + " AND offset < " + (from + wanted),
            null));
    // A peek: Spark stops reading at a limit by itself, so this shows what the pushed limit's
    // probe costs or saves rather than a 1 % read.
    all.addAll(compare(s, "B6 limit", null, Math.min(wanted, 1000L)));
    all.addAll(peek(s, 10));
    return all;
  }

  /**
   * A notebook's peek: {@code SELECT * … LIMIT n}, its rows collected, through read_kafka (served
   * on the driver when pushdown bounds it to few records) and through Spark's source.
   */
  private static List<Measurement> peek(Setup s, int n) throws Exception {
    String sql = "SELECT * FROM read_kafka(" + s.readKafkaArgs() + ") LIMIT " + n;
    return Rounds.run(
        "B6 peek LIMIT " + n,
        Math.max(s.rounds(), 7),
        0,
        0,
        null,
        List.of(
            Variant.of(
                "read_kafka SQL, pushdown",
                false,
                () -> "rows=" + s.spark().sql(sql).collectAsList().size()),
            Variant.of(
                "DataFrame API, fetch.max.wait.ms=10",
                true,
                () -> "rows=" + BatchReads.source(s, true).limit(n).collectAsList().size())));
  }

  /** The topic's partition count: one record of each (offset 0), read through pushdown. */
  private static int partitions(Setup s) {
    return (int)
        s.spark()
            .sql("SELECT count(*) FROM read_kafka(" + s.readKafkaArgs() + ") WHERE offset = 0")
            .collectAsList()
            .get(0)
            .getLong(0);
  }

  /** Counts the rows matching {@code where} (or the first {@code limit}) both ways. */
  private static List<Measurement> compare(Setup s, String benchmark, String where, Long limit)
      throws Exception {
    String filter = where == null ? "" : " WHERE " + where;
    String cut = limit == null ? "" : " LIMIT " + limit;
    String sql =
        "SELECT count(*) FROM (SELECT * FROM read_kafka("
            + s.readKafkaArgs()
            + ")"
            + filter
            + cut
            + ")";
    return Rounds.run(
        benchmark,
        s.rounds(),
        0,
        0,
        null,
        List.of(
            Variant.of(
                "read_kafka SQL, pushdown",
                false,
                () -> "rows=" + s.spark().sql(sql).collectAsList().get(0).getLong(0)),
            Variant.of(
                "DataFrame API, fetch.max.wait.ms=10",
                true,
                () -> {
                  var df = BatchReads.source(s, true);
                  if (where != null) {
                    df = df.where(where);
                  }
                  if (limit != null) {
                    df = df.limit(limit.intValue());
                  }
                  return "rows=" + df.count();
                })));
  }
}
