package io.github.sparkkafkasql.streaming;

import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.streaming.StreamingRelationV2;
import org.apache.spark.sql.execution.streaming.runtime.StreamingRelation;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Kafka source of a streaming table's query: its leaf in the analysed plan, what read_kafka gave
 * Spark, and its {@code position} among the query's streaming sources (the leaves in plan order, as
 * Spark numbers them in its offset log: the line of an offset log entry, {@code sources/<n>} of the
 * checkpoint). A table's offsets belong to a source by that position, not by topic: two sources may
 * read topics of the same name on two clusters.
 */
record KafkaLeaf(int position, StreamingRelationV2 relation, ReadKafkaSource source) {

  /** The Kafka sources of {@code df}'s query, in Spark's order of its sources. */
  static List<KafkaLeaf> of(Dataset<Row> df) {
    LogicalPlan plan = ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().analyzed();
    List<KafkaLeaf> leaves = new ArrayList<>();
    int position = 0;
    for (LogicalPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
      if (leaf instanceof StreamingRelationV2 v2) {
        if (v2.sourceName().equalsIgnoreCase("kafka")) {
          leaves.add(
              new KafkaLeaf(
                  position,
                  v2,
                  ReadKafkaSource.ofSparkOptions(v2.extraOptions().asCaseSensitiveMap())));
        }
        position++;
      } else if (leaf instanceof StreamingRelation) {
        position++;
      }
    }
    return leaves;
  }

  /**
   * This source's committed offsets out of {@link StreamingTableStatus#committedOffsetsBySource}:
   * empty before its first batch.
   */
  Map<TopicPartition, Long> committedIn(List<Map<TopicPartition, Long>> bySource) {
    return position < bySource.size() ? bySource.get(position) : Map.of();
  }
}
