package io.github.sparkkafkasql.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** B1 and B2: batch queries through read_kafka against the same work through Spark's source. */
final class BatchReads {

  /** read_kafka's default for {@code kafka.fetch.max.wait.ms}; Kafka's own is 500. */
  static final String FETCH_MAX_WAIT_MS = "10";

  private static final String SCHEMA = "id BIGINT, amount BIGINT, country STRING";

  private BatchReads() {}

  /** B1: count every record; {@code extra} variants run interleaved with these. */
  static List<Measurement> counting(Setup s, List<Variant> extra) throws Exception {
    String sql = "SELECT count(*) FROM read_kafka(" + s.readKafkaArgs() + ")";
    List<Variant> variants =
        new ArrayList<>(
            List.of(
                Variant.of("read_kafka SQL", false, () -> "rows=" + one(s.spark().sql(sql)).get(0)),
                Variant.of(
                    "DataFrame API, fetch.max.wait.ms=10",
                    true,
                    () -> "rows=" + source(s, true).count()),
                Variant.of(
                    "DataFrame API, Kafka default 500 ms",
                    false,
                    () -> "rows=" + source(s, false).count())));
    variants.addAll(extra);
    return Rounds.run("B1", s.rounds(), s.records(), s.bytes(), "rows=" + s.records(), variants);
  }

  /** B2: parse the JSON value and aggregate a few of its fields. */
  static List<Measurement> projection(Setup s) throws Exception {
    String sql =
        "SELECT count(*), sum(j.amount), max(j.id), min(j.country) FROM (SELECT from_json(CAST("
            + "value AS STRING), '"
            + SCHEMA
            + "') AS j FROM read_kafka("
            + s.readKafkaArgs()
            + "))";
    return Rounds.run(
        "B2",
        s.rounds(),
        s.records(),
        s.bytes(),
        null,
        List.of(
            Variant.of("read_kafka SQL + from_json", false, () -> one(s.spark().sql(sql)) + ""),
            Variant.of(
                "DataFrame API + from_json, fetch.max.wait.ms=10",
                true,
                () -> one(projected(source(s, true))) + "")));
  }

  /** Spark's Kafka source over the whole topic, optionally with read_kafka's fetch wait. */
  static Dataset<Row> source(Setup s, boolean sameFetchWait) {
    var reader =
        s.spark()
            .read()
            .format("kafka")
            .option("kafka.bootstrap.servers", s.bootstrap())
            .option("subscribe", s.topic());
    if (sameFetchWait) {
      reader = reader.option("kafka.fetch.max.wait.ms", FETCH_MAX_WAIT_MS);
    }
    return reader.load();
  }

  /**
   * The single row of an aggregate, collected as {@code Dataset.count()} does: {@code first()}
   * would add a limit to the plan that the DataFrame side does not have.
   */
  private static Row one(Dataset<Row> aggregate) {
    return aggregate.collectAsList().get(0);
  }

  private static Dataset<Row> projected(Dataset<Row> kafka) {
    return kafka
        .select(from_json(col("value").cast("string"), StructType.fromDDL(SCHEMA)).as("j"))
        .agg(count(lit(1)), sum("j.amount"), max("j.id"), min("j.country"));
  }
}
