package io.github.sparkkafkasql.pushdown;

import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.kafka.DriverReads;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.pushdown.OffsetRanges.Range;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.unsafe.types.UTF8String;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A read that pushdown has bounded to a few records, served on the driver with the read's pooled
 * consumer as a {@link LocalRelation}: no Spark job, whose fixed cost is most of a small read's
 * time. The rows are those Spark's Kafka relation gives for the same ranges (its columns, filled as
 * its {@code KafkaRecordToRowConverter} fills them), partition after partition in the ranges'
 * order.
 */
final class LocalRead {

  /** Past this many bytes of keys and values, the read is left to Spark's tasks after all. */
  static final long MAX_BYTES = 32L << 20;

  private LocalRead() {}

  /**
   * The rows of {@code ranges} as a local relation with the relation's output; null when they hold
   * more offsets than {@link KafkaSqlConf#PUSHDOWN_LOCAL_READ_MAX_RECORDS} or more than {@link
   * #MAX_BYTES}, or Kafka did not answer in time: Spark's source reads them then.
   */
  static LogicalPlan of(
      ReadKafkaSource source, Map<TopicPartition, Range> ranges, LogicalRelation relation) {
    long offsets = 0;
    for (Range r : ranges.values()) {
      offsets += r.end() - r.start();
    }
    if (offsets > KafkaSqlConf.PUSHDOWN_LOCAL_READ_MAX_RECORDS.get()) {
      return null;
    }
    List<Attribute> output =
        CollectionConverters.asJava(relation.output()).stream().map(a -> (Attribute) a).toList();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(source.timeoutMs());
    List<InternalRow> rows = source.withConsumer(c -> read(c, ranges, output, deadline));
    if (rows == null) {
      return null;
    }
    return new LocalRelation(
        CollectionConverters.asScala(output).toList(),
        CollectionConverters.asScala(rows).toList(),
        false,
        scala.Option.empty());
  }

  private static List<InternalRow> read(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, Range> ranges,
      List<Attribute> output,
      long deadline) {
    Map<TopicPartition, List<InternalRow>> byPartition = new LinkedHashMap<>();
    Map<TopicPartition, Long> starts = new HashMap<>();
    Map<TopicPartition, Long> ends = new HashMap<>();
    ranges.forEach(
        (tp, r) -> {
          byPartition.put(tp, new ArrayList<>());
          starts.put(tp, r.start());
          ends.put(tp, r.end());
        });
    // Resolved once: a read turns up to the local-read limit of records into rows.
    Column[] columns = output.stream().map(Column::of).toArray(Column[]::new);
    long[] bytes = {0};
    boolean[] tooLarge = {false};
    boolean done =
        DriverReads.read(
            consumer,
            starts,
            ends,
            deadline,
            r -> {
              bytes[0] += size(r.key()) + size(r.value());
              if (bytes[0] > MAX_BYTES) {
                tooLarge[0] = true;
                return false;
              }
              byPartition.get(new TopicPartition(r.topic(), r.partition())).add(row(r, columns));
              return true;
            });
    if (!done || tooLarge[0]) {
      return null;
    }
    List<InternalRow> rows = new ArrayList<>();
    byPartition.values().forEach(rows::addAll);
    return rows;
  }

  private static long size(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  /** The columns of Spark's Kafka relation, as {@link #row} fills them. */
  private enum Column {
    KEY,
    VALUE,
    TOPIC,
    PARTITION,
    OFFSET,
    TIMESTAMP,
    TIMESTAMP_TYPE,
    HEADERS;

    /** The column {@code attribute} is (Spark's names, in any case). */
    static Column of(Attribute attribute) {
      return switch (attribute.name().toLowerCase(Locale.ROOT)) {
        case "key" -> KEY;
        case "value" -> VALUE;
        case "topic" -> TOPIC;
        case "partition" -> PARTITION;
        case "offset" -> OFFSET;
        case "timestamp" -> TIMESTAMP;
        case "timestamptype" -> TIMESTAMP_TYPE;
        case "headers" -> HEADERS;
        default ->
            throw new IllegalStateException(
                "Spark's Kafka relation has no column " + attribute.name());
      };
    }
  }

  /** One record as Spark's Kafka relation gives it, column by column of its schema. */
  private static InternalRow row(ConsumerRecord<byte[], byte[]> r, Column[] columns) {
    Object[] values = new Object[columns.length];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (columns[i]) {
            case KEY -> r.key();
            case VALUE -> r.value();
            case TOPIC -> UTF8String.fromString(r.topic());
            case PARTITION -> r.partition();
            case OFFSET -> r.offset();
            case TIMESTAMP -> Math.multiplyExact(r.timestamp(), 1000L);
            case TIMESTAMP_TYPE -> r.timestampType().id;
            case HEADERS -> headers(r);
          };
    }
    return new GenericInternalRow(values);
  }

  /** NULL for a record without headers, as Spark's source gives it. */
  private static GenericArrayData headers(ConsumerRecord<byte[], byte[]> r) {
    List<Object> headers = new ArrayList<>();
    for (Header h : r.headers()) {
      headers.add(new GenericInternalRow(new Object[] {UTF8String.fromString(h.key()), h.value()}));
    }
    return headers.isEmpty() ? null : new GenericArrayData(headers.toArray());
  }
}
