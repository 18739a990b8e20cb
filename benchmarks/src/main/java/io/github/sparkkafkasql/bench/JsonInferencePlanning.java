package io.github.sparkkafkasql.bench;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * B9: planning a {@code read_kafka(…, valueFormat => 'json')} without {@code valueSchema}, whose
 * analysis infers the schema from a bounded sample of the topic (the newest records of each
 * partition), against the same query with the schema declared. Target: at most 1 s on a topic of
 * 1,000,000 records. Both variants must give the {@code value} column the same type.
 */
final class JsonInferencePlanning {

  /** What inference finds in the benchmark topic's JSON (fields sorted, integers BIGINT). */
  static final String INFERRED =
      "amount BIGINT, country STRING, id BIGINT, pad STRING, ts STRING, user STRING";

  private static final int MIN_ROUNDS = 5;

  private JsonInferencePlanning() {}

  static List<Measurement> measure(Setup s) throws Exception {
    String query = "SELECT * FROM read_kafka(" + s.readKafkaArgs() + ", valueFormat => 'json'";
    String inferred = query + ")";
    String declared = query + ", valueSchema => '" + INFERRED + "')";
    return Rounds.run(
        "B9",
        Math.max(s.rounds(), MIN_ROUNDS),
        0,
        0,
        null,
        List.of(
            Variant.of(
                "planning, valueFormat json, inferred schema",
                false,
                () -> analyzed(s.spark().sql(inferred))),
            Variant.of(
                "planning, valueFormat json, declared valueSchema",
                true,
                () -> analyzed(s.spark().sql(declared)))));
  }

  /** Analyzes the query (where inference runs) and returns the value column's type. */
  private static String analyzed(Dataset<Row> query) {
    return "value "
        + query.queryExecution().analyzed().schema().apply("value").dataType().simpleString();
  }
}
