package io.github.sparkkafkasql.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.SchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.avro.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * B7: registry Avro through {@code read_kafka(…, valueFormat => 'avro', schemaRegistryAddress =>
 * …)} against the DataFrame job a user writes without it (Spark's source, the 5-byte header cut off
 * with {@code substring}, {@code from_avro} with the schema pasted in), on a topic of
 * Confluent-framed records in a real registry (Apicurio). The registry sits behind a {@link
 * CountingProxy}, whose counts say what the registry cost per query.
 */
final class RegistryAvroReads {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryAvroReads.class);
  static final String TOPIC = "bench_avro";

  private RegistryAvroReads() {}

  static List<Measurement> measure(
      Setup s, EmbeddedKafka kafka, int partitions, int valueBytes, List<String> notes)
      throws Exception {
    long start = System.nanoTime();
    try (SchemaRegistry registry = SchemaRegistry.start();
        CountingProxy proxy =
            new CountingProxy(registry.address().replace("/apis/ccompat/v7", ""))) {
      LOG.info("Registry ready in {} s", (System.nanoTime() - start) / 1_000_000_000);
      int id = registry.register(TOPIC + "-value", AvroTopicWriter.SCHEMA);
      kafka.createTopic(TOPIC, partitions);
      long bytes =
          AvroTopicWriter.write(s.bootstrap(), TOPIC, partitions, s.records(), valueBytes, id);
      String address = proxy.address() + "/apis/ccompat/v7";
      String sql =
          "SELECT count(*), sum(value.amount), max(value.id), min(value.country) FROM read_kafka("
              + "bootstrapServers => '"
              + s.bootstrap()
              + "', subscribe => '"
              + TOPIC
              + "', valueFormat => 'avro', schemaRegistryAddress => '"
              + address
              + "')";
      List<Long> perQuery = new ArrayList<>();
      proxy.reset();
      List<Measurement> out =
          Rounds.run(
              "B7",
              s.rounds(),
              s.records(),
              bytes,
              null,
              List.of(
                  Variant.of(
                      "read_kafka SQL, valueFormat avro + registry",
                      false,
                      () -> {
                        long before = proxy.total();
                        String r = one(s.spark().sql(sql)).toString();
                        perQuery.add(proxy.total() - before);
                        return r;
                      }),
                  Variant.of(
                      "DataFrame API, substring + from_avro, fetch.max.wait.ms=10",
                      true,
                      () -> one(handWritten(s)).toString())));
      notes.add(
          String.format(
              Locale.ROOT,
              "B7 registry requests per read_kafka query (warm-up first), %,d records each: %s;"
                  + " by path: %s",
              s.records(),
              perQuery,
              proxy.counts()));
      return out;
    }
  }

  /** What one writes today: Spark's source, the header cut off, the schema pasted in. */
  private static Dataset<Row> handWritten(Setup s) {
    return s.spark()
        .read()
        .format("kafka")
        .option("kafka.bootstrap.servers", s.bootstrap())
        .option("subscribe", TOPIC)
        .option("kafka.fetch.max.wait.ms", BatchReads.FETCH_MAX_WAIT_MS)
        .load()
        .select(
            functions
                .from_avro(expr("substring(value, 6, length(value) - 5)"), AvroTopicWriter.SCHEMA)
                .as("v"))
        .agg(count(lit(1)), sum(col("v.amount")), max(col("v.id")), min(col("v.country")));
  }

  private static Row one(Dataset<Row> aggregate) {
    return aggregate.collectAsList().get(0);
  }
}
