package io.github.sparkkafkasql.pushdown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The offset range of each topic-partition that a batch {@code read_kafka} covers, first as its
 * options give it (resolved to numbers now, as Spark would when the query runs), then narrowed.
 */
final class OffsetRanges {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** [start, end) of one partition. */
  record Range(long start, long end) {

    /**
     * This range cut to [from, until), and never beyond its own ends: an empty cut is empty at one
     * of its offsets. Spark reads -1 and -2 as the latest and earliest offsets, and rejects offsets
     * that retention deleted, so a bound outside the range must not become one of its ends.
     */
    Range within(long from, long until) {
      long s = Math.min(Math.max(from, start), end);
      return new Range(s, Math.max(Math.min(until, end), s));
    }
  }

  private final ReadKafkaSource source;
  private final Admin admin;
  private final long deadline;

  OffsetRanges(ReadKafkaSource source) {
    this.source = source;
    this.admin = source.admin();
    this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(source.timeoutMs());
  }

  /**
   * The ranges the read's own options select, partition by partition; fails where Spark would
   * report an error, so that the query runs without pushdown and reports it.
   */
  Map<TopicPartition, Range> fromOptions() throws Exception {
    List<TopicPartition> partitions = partitions();
    Map<TopicPartition, Long> earliest = list(partitions, OffsetSpec.earliest());
    Map<TopicPartition, Long> latest = list(partitions, OffsetSpec.latest());
    Map<TopicPartition, Long> start = starts(partitions, earliest, latest);
    Map<TopicPartition, Long> end = ends(partitions, latest);
    Map<TopicPartition, Range> ranges = new LinkedHashMap<>();
    for (TopicPartition tp : partitions) {
      long s = start.get(tp);
      long e = end.get(tp);
      if (s > e || s < earliest.get(tp)) {
        // Spark reports these (a start past the end; records lost to retention): let it.
        throw new IllegalStateException(
            "the options select offsets "
                + s
                + " to "
                + e
                + " of "
                + tp
                + ", which starts at "
                + earliest.get(tp));
      }
      ranges.put(tp, new Range(s, e));
    }
    return ranges;
  }

  /** For each partition, the earliest offset whose timestamp is at or after {@code epochMs}. */
  Map<TopicPartition, Long> offsetsForTime(Collection<TopicPartition> partitions, long epochMs)
      throws Exception {
    return list(partitions, OffsetSpec.forTimestamp(epochMs));
  }

  private List<TopicPartition> partitions() throws Exception {
    String assign = source.option(ReadKafkaOptions.ASSIGN);
    List<TopicPartition> result = new ArrayList<>();
    if (assign != null) {
      JSON.readTree(assign)
          .fields()
          .forEachRemaining(
              e ->
                  e.getValue().forEach(p -> result.add(new TopicPartition(e.getKey(), p.asInt()))));
      return result;
    }
    List<String> topics = new ArrayList<>();
    String subscribe = source.option(ReadKafkaOptions.SUBSCRIBE);
    if (subscribe != null) {
      for (String t : subscribe.split(",")) {
        if (!t.trim().isEmpty()) {
          topics.add(t.trim());
        }
      }
    } else {
      Pattern pattern = Pattern.compile(source.option(ReadKafkaOptions.SUBSCRIBE_PATTERN));
      for (String t : get(admin.listTopics().names())) {
        if (pattern.matcher(t).matches()) {
          topics.add(t);
        }
      }
    }
    Map<String, TopicDescription> described = get(admin.describeTopics(topics).allTopicNames());
    for (String t : topics) {
      described.get(t).partitions().forEach(p -> result.add(new TopicPartition(t, p.partition())));
    }
    return result;
  }

  private Map<TopicPartition, Long> starts(
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> earliest,
      Map<TopicPartition, Long> latest)
      throws Exception {
    String timestamp = source.option(ReadKafkaOptions.STARTING_TIMESTAMP);
    String byTimestamp = source.option(ReadKafkaOptions.STARTING_OFFSETS_BY_TIMESTAMP);
    String offsets = source.option(ReadKafkaOptions.STARTING_OFFSETS);
    if (timestamp != null || byTimestamp != null) {
      Map<TopicPartition, Long> found =
          byTime(partitions, timestamp, byTimestamp, tp -> earliest.get(tp));
      String strategy = source.option(ReadKafkaOptions.STARTING_OFFSETS_BY_TIMESTAMP_STRATEGY);
      boolean toLatest = strategy != null && strategy.equalsIgnoreCase("latest");
      for (TopicPartition tp : partitions) {
        if (found.get(tp) == null) {
          if (!toLatest) {
            throw new IllegalStateException("no offset at the starting timestamp for " + tp);
          }
          found.put(tp, latest.get(tp));
        }
      }
      return found;
    }
    if (offsets == null || offsets.trim().equalsIgnoreCase("earliest")) {
      return earliest;
    }
    return specific(partitions, offsets, earliest, latest);
  }

  private Map<TopicPartition, Long> ends(
      List<TopicPartition> partitions, Map<TopicPartition, Long> latest) throws Exception {
    String timestamp = source.option(ReadKafkaOptions.ENDING_TIMESTAMP);
    String byTimestamp = source.option(ReadKafkaOptions.ENDING_OFFSETS_BY_TIMESTAMP);
    String offsets = source.option(ReadKafkaOptions.ENDING_OFFSETS);
    if (timestamp != null || byTimestamp != null) {
      Map<TopicPartition, Long> found = byTime(partitions, timestamp, byTimestamp, latest::get);
      found.replaceAll((tp, o) -> o == null ? latest.get(tp) : o);
      return found;
    }
    if (offsets == null || offsets.trim().equalsIgnoreCase("latest")) {
      return latest;
    }
    return specific(partitions, offsets, null, latest);
  }

  /**
   * Offsets by timestamp; a partition without a record that recent maps to null. Partitions that
   * {@code byTimestamp} does not name map to {@code unnamed}.
   */
  private Map<TopicPartition, Long> byTime(
      List<TopicPartition> partitions,
      String timestamp,
      String byTimestamp,
      java.util.function.Function<TopicPartition, Long> unnamed)
      throws Exception {
    Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
    Map<TopicPartition, Long> result = new LinkedHashMap<>();
    JsonNode given = byTimestamp == null ? null : JSON.readTree(byTimestamp);
    for (TopicPartition tp : partitions) {
      if (timestamp != null) {
        specs.put(tp, OffsetSpec.forTimestamp(Long.parseLong(timestamp.trim())));
      } else {
        JsonNode ts = given.path(tp.topic()).get(String.valueOf(tp.partition()));
        if (ts == null) {
          result.put(tp, unnamed.apply(tp));
        } else {
          specs.put(tp, OffsetSpec.forTimestamp(ts.asLong()));
        }
      }
    }
    Map<TopicPartition, Long> found = listSpecs(specs);
    found.forEach((tp, o) -> result.put(tp, o < 0 ? null : o));
    return result;
  }

  /** Offsets from a JSON object; -2 is the earliest offset, -1 the latest. */
  static Map<TopicPartition, Long> specific(
      List<TopicPartition> partitions,
      String json,
      Map<TopicPartition, Long> earliest,
      Map<TopicPartition, Long> latest)
      throws Exception {
    JsonNode root = JSON.readTree(json);
    Map<TopicPartition, Long> result = new LinkedHashMap<>();
    for (TopicPartition tp : partitions) {
      JsonNode o = root.path(tp.topic()).get(String.valueOf(tp.partition()));
      if (o == null) {
        throw new IllegalStateException("offsets do not name " + tp);
      }
      long v = o.asLong();
      result.put(tp, v == -2 && earliest != null ? earliest.get(tp) : v == -1 ? latest.get(tp) : v);
    }
    return result;
  }

  private Map<TopicPartition, Long> list(Collection<TopicPartition> partitions, OffsetSpec spec)
      throws Exception {
    Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
    partitions.forEach(tp -> specs.put(tp, spec));
    return listSpecs(specs);
  }

  private Map<TopicPartition, Long> listSpecs(Map<TopicPartition, OffsetSpec> specs)
      throws Exception {
    Map<TopicPartition, Long> result = new LinkedHashMap<>();
    if (specs.isEmpty()) {
      return result;
    }
    // As Spark lists them: under read_committed the latest offset is the last stable one.
    get(admin.listOffsets(specs, source.listOffsetsOptions()).all())
        .forEach((tp, info) -> result.put(tp, info.offset()));
    return result;
  }

  private <T> T get(org.apache.kafka.common.KafkaFuture<T> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    long remaining = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    return future.get(remaining, TimeUnit.MILLISECONDS);
  }
}
