package io.github.sparkkafkasql.parser;

import io.github.sparkkafkasql.channels.ReadKafkaChannels;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;

/**
 * Tells {@code read_kafka} that it is read as a stream.
 *
 * <p>Spark 4.2 parses {@code FROM STREAM read_kafka(…)} into a table-valued-function call marked
 * streaming, but calls the function's builder with the arguments only, so the builder cannot tell
 * and would return a batch relation. This rule runs on the parsed plan ({@code KafkaSqlParser}
 * applies it, since Hive sessions drop injected hint rules), before functions are resolved, and
 * appends a marker argument the builder recognises ({@link ReadKafkaChannels} says why).
 */
final class MarkStreamingReadKafka extends Rule<LogicalPlan> {

  @Override
  public LogicalPlan apply(LogicalPlan plan) {
    return ParsedPlans.transformEverywhere(
        plan,
        p -> {
          if (p instanceof UnresolvedTableValuedFunction tvf
              && tvf.isStreaming()
              && ParsedPlans.isReadKafka(tvf)
              && !ReadKafkaChannels.hasStreamingMarker(tvf.functionArgs())) {
            return new UnresolvedTableValuedFunction(
                tvf.name(), ReadKafkaChannels.withStreamingMarker(tvf.functionArgs()), true);
          }
          return null;
        });
  }
}
