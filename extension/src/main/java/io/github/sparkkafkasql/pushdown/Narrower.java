package io.github.sparkkafkasql.pushdown;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import io.github.sparkkafkasql.pushdown.OffsetRanges.Range;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.classic.Dataset;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/** Narrows one read_kafka relation: computes its offsets and builds Spark's relation over them. */
final class Narrower {

  private static final Logger LOG = LoggerFactory.getLogger(Narrower.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Options that say which partitions and offsets to read; replaced by assign and offsets. */
  private static final Set<String> POSITION_OPTIONS =
      Stream.of(
              ReadKafkaOptions.TOPIC_SELECTORS.stream(),
              ReadKafkaOptions.STARTS.stream(),
              ReadKafkaOptions.ENDS.stream(),
              Stream.of(ReadKafkaOptions.STARTING_OFFSETS_BY_TIMESTAMP_STRATEGY))
          .flatMap(o -> o)
          .map(o -> o.sparkKey().toLowerCase(Locale.ROOT))
          .collect(Collectors.toSet());

  private final ReadKafkaSource source;
  private final LogicalRelation relation;

  Narrower(ReadKafkaSource source, LogicalRelation relation) {
    this.source = source;
    this.relation = relation;
  }

  /** The narrowed relation, or null when nothing narrows it or Kafka cannot be asked. */
  LogicalPlan narrow(Expression condition, Long limit) {
    List<Attribute> output =
        CollectionConverters.asJava(relation.output()).stream().map(a -> (Attribute) a).toList();
    Narrowing n = condition == null ? new Narrowing() : new FilterBounds(output).of(condition);
    boolean pushLimit = limit != null && n.exact && limit <= LimitProbe.MAX_RECORDS;
    if (!n.narrowsAnything() && !pushLimit) {
      return null;
    }
    Map<TopicPartition, Range> ranges;
    try {
      ranges = ranges(n, pushLimit ? limit : null);
    } catch (Exception e) {
      source.evictAdmin();
      LOG.warn("read_kafka pushdown skipped: {}", e.toString());
      return null;
    }
    List<String> pushed = new ArrayList<>(n.pushed);
    if (pushLimit) {
      pushed.add("LIMIT " + limit);
    }
    String description = String.join(", ", pushed);
    if (ranges.isEmpty()) {
      return emptyRelation();
    }
    LogicalPlan local = LocalRead.of(source, ranges, relation);
    if (local != null) {
      LOG.debug("read_kafka pushed ({}) read on the driver", description);
      return local;
    }
    return load(ranges, description);
  }

  /** No partition can hold a matching record: read nothing at all. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private LogicalPlan emptyRelation() {
    scala.collection.immutable.Seq output = relation.output();
    return new LocalRelation(
        output,
        CollectionConverters.asScala(List.<InternalRow>of()).toList(),
        false,
        scala.Option.empty());
  }

  private Map<TopicPartition, Range> ranges(Narrowing n, Long limit) throws Exception {
    OffsetRanges offsets = new OffsetRanges(source);
    Map<TopicPartition, Range> ranges = new LinkedHashMap<>();
    offsets
        .fromOptions()
        .forEach(
            (tp, r) -> {
              if (n.topics.test(tp.topic()) && n.partitions.test(tp.partition())) {
                ranges.put(tp, r);
              }
            });
    Map<TopicPartition, Long> byTime =
        n.minTimestampMs == Long.MIN_VALUE
            ? Map.of()
            : offsets.offsetsForTime(ranges.keySet(), n.minTimestampMs);
    ranges.replaceAll(
        (tp, r) -> {
          long from = n.minOffset;
          Long atTime = byTime.get(tp);
          if (atTime != null) {
            // No record that recent: the partition has nothing to read.
            from = Math.max(from, atTime < 0 ? r.end() : atTime);
          }
          return r.within(from, n.maxOffsetExclusive);
        });
    if (limit == null) {
      return ranges;
    }
    Map<TopicPartition, Range> limited = LimitProbe.firstRecords(source, ranges, limit);
    if (limited == null) {
      throw new java.util.concurrent.TimeoutException("reading the first records timed out");
    }
    return limited;
  }

  private LogicalPlan load(Map<TopicPartition, Range> ranges, String description) {
    ObjectNode assign = JSON.createObjectNode();
    ObjectNode starts = JSON.createObjectNode();
    ObjectNode ends = JSON.createObjectNode();
    ranges.forEach(
        (tp, r) -> {
          assign.withArray(tp.topic()).add(tp.partition());
          starts.with(tp.topic()).put(String.valueOf(tp.partition()), r.start());
          ends.with(tp.topic()).put(String.valueOf(tp.partition()), r.end());
        });
    Map<String, String> options = new LinkedHashMap<>();
    source
        .sparkOptions()
        .forEach(
            (k, v) -> {
              if (!POSITION_OPTIONS.contains(k.toLowerCase(Locale.ROOT))) {
                options.put(k, v);
              }
            });
    options.put("assign", assign.toString());
    options.put("startingOffsets", starts.toString());
    options.put("endingOffsets", ends.toString());
    SparkSession spark = (SparkSession) SparkSession.active();
    Dataset<Row> df = (Dataset<Row>) spark.read().format("kafka").options(options).load();
    LogicalRelation fresh = (LogicalRelation) df.logicalPlan();
    return new LogicalRelation(
        new NarrowedKafkaRelation(fresh.relation(), description),
        relation.output(),
        relation.catalogTable(),
        false,
        scala.Option.empty());
  }
}
