package io.github.sparkkafkasql.tvf;

import io.github.sparkkafkasql.channels.ReadKafkaChannels;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.errors.OptionErrors;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import io.github.sparkkafkasql.kafka.ClientTimeouts;
import io.github.sparkkafkasql.kafka.KafkaPreflight;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import io.github.sparkkafkasql.payloads.PayloadColumns;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction1;

/**
 * The {@code read_kafka} table-valued function: binds and validates its named arguments, checks
 * that Kafka answers, and resolves to the relation of Spark's own Kafka source.
 */
public final class ReadKafkaFunction extends AbstractFunction1<Seq<Expression>, LogicalPlan> {

  public static final String NAME = "read_kafka";

  public static final FunctionIdentifier IDENTIFIER = FunctionIdentifier.apply(NAME);

  public static final ExpressionInfo INFO =
      new ExpressionInfo(
          ReadKafkaFunction.class.getName(),
          null,
          NAME,
          "_FUNC_(bootstrapServers => 'host:port', subscribe => 'topic', ...) - Reads records"
              + " from Kafka as a table with columns key, value, topic, partition, offset,"
              + " timestamp, timestampType (and headers with includeHeaders => true).",
          "",
          "\n    Examples:\n      > SELECT CAST(value AS STRING) FROM _FUNC_(bootstrapServers =>"
              + " 'localhost:9092', subscribe => 'events');\n",
          "",
          "table_funcs",
          "",
          "",
          "");

  @Override
  public LogicalPlan apply(Seq<Expression> arguments) {
    // STREAM read_kafka(…) arrives here as a batch call with a marker: see ReadKafkaChannels.
    if (ReadKafkaChannels.hasStreamingMarker(arguments)) {
      if (!ReadKafkaChannels.inStreamingTable() && !KafkaSqlConf.ALLOW_STREAMING_READS.get()) {
        throw StreamingTableErrors.streamingReadOutsideTable(
            KafkaSqlConf.ALLOW_STREAMING_READS.key());
      }
      return resolve(ReadKafkaChannels.withoutStreamingMarker(arguments), true);
    }
    return resolve(arguments, false);
  }

  /** Binds the arguments of a batch or streaming call and returns Spark's Kafka relation. */
  public static LogicalPlan resolve(Seq<Expression> arguments, boolean streaming) {
    BoundOptions options = OptionBinder.bind(arguments);
    options.validate(streaming);
    if (streaming
        && "true".equalsIgnoreCase(options.get(ReadKafkaOptions.COMMIT_OFFSETS))
        && !ReadKafkaChannels.inStreamingTable()) {
      // The offsets to commit are those a streaming table's refresh has committed to Delta.
      throw OptionErrors.optionNotInScope(
          ReadKafkaOptions.COMMIT_OFFSETS.name(),
          "streaming table",
          "streaming",
          "Use it in `CREATE STREAMING TABLE … AS SELECT … FROM STREAM read_kafka(…)`.");
    }
    SparkSession spark = (SparkSession) SparkSession.active();
    long timeoutMs = KafkaSqlConf.CONNECT_TIMEOUT.get();
    Map<String, Integer> partitionCounts = new HashMap<>();
    Map<String, String> sparkOptions =
        ClientTimeouts.derive(options.sparkOptions(streaming), timeoutMs);
    ReadKafkaSource.checkClientSettings(
        options.bootstrapServers(), options.kafkaClientSettings(), sparkOptions);
    if (!ReadKafkaChannels.withoutBrokerChecks()) {
      new KafkaPreflight(options.bootstrapServers(), options.kafkaClientSettings(), timeoutMs)
          .check(
              options.subscribedTopics(),
              options.assignment(),
              counts -> {
                partitionCounts.putAll(counts);
                return !streaming || ReadKafkaChannels.startsFresh()
                    ? options.strictStartTimestamps(counts)
                    : Map.of();
              },
              // A streaming query outside a streaming table may restart from a checkpoint of
              // its own, which ignores the starting offsets: they are not checked there.
              options.positions(
                  !streaming
                      || ReadKafkaChannels.inStreamingTable() && ReadKafkaChannels.startsFresh(),
                  streaming));
    }
    if (streaming && ReadKafkaChannels.inStreamingTable()) {
      RefreshReadDefaults.add(
          sparkOptions,
          spark.sparkContext().defaultParallelism(),
          kafkaPartitions(options, partitionCounts));
    }
    Dataset<Row> df =
        streaming
            ? spark.readStream().format("kafka").options(sparkOptions).load()
            : spark.read().format("kafka").options(sparkOptions).load();
    LogicalPlan plan = ((org.apache.spark.sql.classic.Dataset<Row>) df).logicalPlan();
    ReadKafkaSource source =
        new ReadKafkaSource(
            options.bootstrapServers(), options.kafkaClientSettings(), sparkOptions, timeoutMs);
    if (plan instanceof LogicalRelation relation) {
      ReadKafkaChannels.register(relation.relation(), source);
    }
    // keyFormat / valueFormat: a Project above the relation, which pushdown looks through.
    return PayloadColumns.decode(
        plan,
        options::get,
        timeoutMs,
        source,
        streaming,
        streaming ? ReadKafkaChannels.payloadSchemas() : null);
  }

  /** The Kafka partitions the read covers; 0 when the preflight does not know them. */
  private static int kafkaPartitions(BoundOptions options, Map<String, Integer> counts) {
    Map<String, List<Integer>> assigned = options.assignment();
    if (!assigned.isEmpty()) {
      return assigned.values().stream().mapToInt(List::size).sum();
    }
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
