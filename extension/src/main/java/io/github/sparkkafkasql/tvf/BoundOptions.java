package io.github.sparkkafkasql.tvf;

import static io.github.sparkkafkasql.options.ReadKafkaOptions.ASSIGN;
import static io.github.sparkkafkasql.options.ReadKafkaOptions.BOOTSTRAP_SERVERS;
import static io.github.sparkkafkasql.options.ReadKafkaOptions.ENDING_OFFSETS;
import static io.github.sparkkafkasql.options.ReadKafkaOptions.ENDING_OFFSETS_BY_TIMESTAMP;
import static io.github.sparkkafkasql.options.ReadKafkaOptions.ENDING_TIMESTAMP;
import static io.github.sparkkafkasql.options.ReadKafkaOptions.MAX_OFFSETS_PER_TRIGGER;
import static io.github.sparkkafkasql.options.ReadKafkaOptions.MIN_OFFSETS_PER_TRIGGER;
import static io.github.sparkkafkasql.options.ReadKafkaOptions.STARTING_OFFSETS;
import static io.github.sparkkafkasql.options.ReadKafkaOptions.STARTING_OFFSETS_BY_TIMESTAMP;
import static io.github.sparkkafkasql.options.ReadKafkaOptions.STARTING_OFFSETS_BY_TIMESTAMP_STRATEGY;
import static io.github.sparkkafkasql.options.ReadKafkaOptions.STARTING_TIMESTAMP;
import static io.github.sparkkafkasql.options.ReadKafkaOptions.SUBSCRIBE;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sparkkafkasql.errors.OptionErrors;
import io.github.sparkkafkasql.kafka.KafkaPreflight;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import io.github.sparkkafkasql.options.Scope;
import io.github.sparkkafkasql.options.Validators;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The options of one {@code read_kafka} call after binding: checks that span several options, and
 * the option map handed to Spark's Kafka source.
 */
final class BoundOptions {

  private final Map<String, String> declared;
  private final Map<String, String> kafka;

  BoundOptions(Map<String, String> declared, Map<String, String> kafka) {
    this.declared = declared;
    this.kafka = kafka;
  }

  String get(KafkaOption option) {
    return declared.get(option.name());
  }

  boolean has(KafkaOption option) {
    return declared.containsKey(option.name());
  }

  /** Checks the combination of options for a batch or a streaming read. */
  void validate(boolean streaming) {
    checkRequired();
    if (!has(BOOTSTRAP_SERVERS)) {
      throw OptionErrors.missingOption(
          BOOTSTRAP_SERVERS.name(), "bootstrapServers => 'broker1:9092,broker2:9092'");
    }
    checkScopes(streaming);
    checkTopicSelection();
    checkAtMostOne(ReadKafkaOptions.STARTS, "where the read starts");
    checkAtMostOne(ReadKafkaOptions.ENDS, "where the read ends");
    if (!streaming) {
      checkBatchRange();
      checkStartNotAfterEnd();
    }
    if (has(MIN_OFFSETS_PER_TRIGGER) && has(MAX_OFFSETS_PER_TRIGGER)) {
      if (Long.parseLong(get(MIN_OFFSETS_PER_TRIGGER))
          > Long.parseLong(get(MAX_OFFSETS_PER_TRIGGER))) {
        throw OptionBinder.invalid(
            MIN_OFFSETS_PER_TRIGGER,
            get(MIN_OFFSETS_PER_TRIGGER),
            "is greater than maxOffsetsPerTrigger (" + get(MAX_OFFSETS_PER_TRIGGER) + ")");
      }
    }
    String group = kafka.get(ReadKafkaOptions.KAFKA_PREFIX + "group.id");
    if ("true".equalsIgnoreCase(get(ReadKafkaOptions.COMMIT_OFFSETS))
        && (group == null || group.isBlank())) {
      throw OptionErrors.missingOption(
          "kafka.group.id",
          "`kafka.group.id` => 'orders-ingest' (the consumer group commitOffsets => true commits"
              + " to)");
    }
    checkOffsetTopics(STARTING_OFFSETS);
    checkOffsetTopics(ENDING_OFFSETS);
    checkOffsetTopics(STARTING_OFFSETS_BY_TIMESTAMP);
    checkOffsetTopics(ENDING_OFFSETS_BY_TIMESTAMP);
  }

  /** With several required options missing, one error names them all, so one fix suffices. */
  private void checkRequired() {
    boolean noTopics = ReadKafkaOptions.TOPIC_SELECTORS.stream().noneMatch(this::has);
    if (!has(BOOTSTRAP_SERVERS) && noTopics) {
      throw OptionErrors.missingOptions(
          List.of(
              "`bootstrapServers` (the Kafka brokers to connect to)",
              "one of `subscribe`, `subscribePattern` or `assign` (the topics to read)"),
          "read_kafka(bootstrapServers => 'broker1:9092,broker2:9092', subscribe =>"
              + " 'topic1,topic2')");
    }
  }

  private void checkScopes(boolean streaming) {
    for (KafkaOption o : ReadKafkaOptions.ALL) {
      if (has(o) && !o.scope().allows(streaming)) {
        String hint =
            o.scope() == Scope.STREAM
                ? "Use it in a streaming table (`CREATE STREAMING TABLE … AS SELECT … FROM STREAM"
                    + " read_kafka(…)`), or remove it."
                : "A streaming read runs until stopped; remove it (a streaming table's REFRESH"
                    + " already stops at the offsets available when it starts).";
        throw OptionErrors.optionNotInScope(
            o.name(), o.scope().label(), streaming ? "streaming" : "batch", hint);
      }
    }
  }

  private void checkTopicSelection() {
    List<String> given = new ArrayList<>();
    for (KafkaOption o : ReadKafkaOptions.TOPIC_SELECTORS) {
      if (has(o)) {
        given.add("`" + o.name() + "`");
      }
    }
    if (given.isEmpty()) {
      throw OptionErrors.topicSelection("none was given (e.g. add subscribe => 'topic1,topic2')");
    }
    if (given.size() > 1) {
      throw OptionErrors.topicSelection(String.join(" and ", given) + " were given together");
    }
  }

  private void checkAtMostOne(List<KafkaOption> group, String what) {
    List<String> given = group.stream().filter(this::has).map(KafkaOption::name).toList();
    if (given.size() > 1) {
      throw OptionErrors.conflictingOptions(given, what);
    }
  }

  private void checkBatchRange() {
    String start = get(STARTING_OFFSETS);
    if (start != null && (start.trim().equalsIgnoreCase("latest") || hasOffset(start, -1))) {
      throw OptionErrors.invalidOptionValue(
          STARTING_OFFSETS.name(),
          "'" + start + "'",
          STARTING_OFFSETS.type().sqlName(),
          "starts a batch read at 'latest' (-1), so it would read nothing",
          "Use 'earliest', offsets, or `startingTimestamp`; to keep reading new records, create a"
              + " streaming table with `FROM STREAM read_kafka(…)`.");
    }
    String end = get(ENDING_OFFSETS);
    if (end != null && hasOffset(end, -2)) {
      throw OptionErrors.invalidOptionValue(
          ENDING_OFFSETS.name(),
          "'" + end + "'",
          ENDING_OFFSETS.type().sqlName(),
          "ends a batch read at 'earliest' (-2), so it would read nothing",
          "Use 'latest' (-1) or an offset.");
    }
  }

  /**
   * A start after the end fails in Spark with an error that lists three unrelated causes, or reads
   * nothing without a word (timestamps): refused here, naming the partition.
   */
  private void checkStartNotAfterEnd() {
    Map<TopicPartition, Long> startOffsets = jsonOffsets(STARTING_OFFSETS);
    Map<TopicPartition, Long> endOffsets = jsonOffsets(ENDING_OFFSETS);
    for (Map.Entry<TopicPartition, Long> start : startOffsets.entrySet()) {
      Long end = endOffsets.get(start.getKey());
      if (end != null && start.getValue() > end) {
        throw startAfterEnd(
            STARTING_OFFSETS, ENDING_OFFSETS, start.getKey(), start.getValue() + "", end + "");
      }
    }
    Long startAll = millis(STARTING_TIMESTAMP);
    Long endAll = millis(ENDING_TIMESTAMP);
    if (startAll != null && endAll != null && startAll > endAll) {
      throw OptionErrors.invalidOptionValue(
          STARTING_TIMESTAMP.name(),
          "'" + get(STARTING_TIMESTAMP) + "'",
          STARTING_TIMESTAMP.type().sqlName(),
          "is after endingTimestamp ("
              + Instant.ofEpochMilli(startAll)
              + " > "
              + Instant.ofEpochMilli(endAll)
              + ")",
          "Swap them, or move one: the read covers records from startingTimestamp (inclusive) to"
              + " endingTimestamp (exclusive).");
    }
    Map<TopicPartition, Long> startTimes = jsonOffsets(STARTING_OFFSETS_BY_TIMESTAMP);
    Map<TopicPartition, Long> endTimes = jsonOffsets(ENDING_OFFSETS_BY_TIMESTAMP);
    for (Map.Entry<TopicPartition, Long> start : startTimes.entrySet()) {
      Long end = endTimes.get(start.getKey());
      if (end != null && start.getValue() > end) {
        throw startAfterEnd(
            STARTING_OFFSETS_BY_TIMESTAMP,
            ENDING_OFFSETS_BY_TIMESTAMP,
            start.getKey(),
            Instant.ofEpochMilli(start.getValue()).toString(),
            Instant.ofEpochMilli(end).toString());
      }
    }
  }

  private RuntimeException startAfterEnd(
      KafkaOption startOption, KafkaOption endOption, TopicPartition tp, String start, String end) {
    return OptionErrors.invalidOptionValue(
        startOption.name(),
        "'" + get(startOption) + "'",
        startOption.type().sqlName(),
        "starts "
            + tp
            + " at "
            + start
            + ", after where "
            + endOption.name()
            + " ends it ("
            + end
            + ")",
        "The start is inclusive and the end exclusive: give a start at or before the end.");
  }

  /** The epoch milliseconds a timestamp option holds, or null when not given or not a number. */
  private Long millis(KafkaOption option) {
    String value = get(option);
    try {
      return value == null ? null : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean hasOffset(String json, long offset) {
    JsonNode root = Validators.parseObject(json);
    if (root == null) {
      return false;
    }
    for (JsonNode partitions : root) {
      for (JsonNode value : partitions) {
        if (value.asLong() == offset) {
          return true;
        }
      }
    }
    return false;
  }

  /** Offsets given for topics the read does not subscribe to would fail deep inside Spark. */
  private void checkOffsetTopics(KafkaOption option) {
    JsonNode root = has(option) ? Validators.parseObject(get(option)) : null;
    Set<String> topics = subscribedTopics();
    if (root == null || topics.isEmpty()) {
      return;
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String topic = it.next();
      if (!topics.contains(topic)) {
        throw OptionBinder.invalid(
            option,
            get(option),
            "names topic '" + topic + "', which this read does not subscribe to");
      }
    }
  }

  /** Topics named by {@code subscribe} or {@code assign}; empty for {@code subscribePattern}. */
  Set<String> subscribedTopics() {
    Set<String> topics = new LinkedHashSet<>();
    if (has(SUBSCRIBE)) {
      Arrays.stream(get(SUBSCRIBE).split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .forEach(topics::add);
    }
    topics.addAll(assignment().keySet());
    return topics;
  }

  /** The partitions named by {@code assign}, by topic; empty when not given. */
  Map<String, List<Integer>> assignment() {
    Map<String, List<Integer>> result = new LinkedHashMap<>();
    JsonNode root = has(ASSIGN) ? Validators.parseObject(get(ASSIGN)) : null;
    if (root != null) {
      root.fields()
          .forEachRemaining(
              e -> {
                List<Integer> ps = new ArrayList<>();
                e.getValue().forEach(p -> ps.add(p.asInt()));
                result.put(e.getKey(), ps);
              });
    }
    return result;
  }

  /**
   * Starting timestamps (epoch ms) by topic and partition, for the partitions the read covers;
   * empty unless the read starts by timestamp and must fail where no record is that recent.
   */
  Map<String, Map<Integer, Long>> strictStartTimestamps(Map<String, Integer> partitionCounts) {
    Map<String, Map<Integer, Long>> result = new LinkedHashMap<>();
    String strategy = get(STARTING_OFFSETS_BY_TIMESTAMP_STRATEGY);
    if (strategy != null && !strategy.equalsIgnoreCase("error")) {
      return result;
    }
    if (has(STARTING_TIMESTAMP)) {
      long ts = Long.parseLong(get(STARTING_TIMESTAMP));
      Map<String, List<Integer>> assigned = assignment();
      partitionCounts.forEach(
          (topic, count) -> {
            Map<Integer, Long> byPartition = new LinkedHashMap<>();
            List<Integer> ps = assigned.get(topic);
            for (int p = 0; p < count; p++) {
              if (ps == null || ps.contains(p)) {
                byPartition.put(p, ts);
              }
            }
            result.put(topic, byPartition);
          });
    } else if (has(STARTING_OFFSETS_BY_TIMESTAMP)) {
      Validators.parseObject(get(STARTING_OFFSETS_BY_TIMESTAMP))
          .fields()
          .forEachRemaining(
              t -> {
                Map<Integer, Long> byPartition = new LinkedHashMap<>();
                t.getValue()
                    .fields()
                    .forEachRemaining(
                        p -> byPartition.put(Integer.parseInt(p.getKey()), p.getValue().asLong()));
                result.put(t.getKey(), byPartition);
              });
    }
    return result;
  }

  /**
   * The offsets given as JSON by {@code startingOffsets} (when {@code starts}: the start will be
   * used) and {@code endingOffsets}, -1 and -2 left out, for the preflight to check against the
   * partitions' bounds.
   */
  KafkaPreflight.Positions positions(boolean starts, boolean streaming) {
    return new KafkaPreflight.Positions(
        starts ? jsonOffsets(STARTING_OFFSETS) : Map.of(),
        jsonOffsets(ENDING_OFFSETS),
        "false".equalsIgnoreCase(get(ReadKafkaOptions.FAIL_ON_DATA_LOSS)),
        // With the streaming default (read_committed) when not given.
        sparkOptions(streaming).get(ReadKafkaOptions.ISOLATION_LEVEL.sparkKey()),
        counts -> checkOffsetPartitions(counts, starts));
  }

  /**
   * Offsets given per partition (JSON) must name each partition the read covers and no other: Spark
   * asserts it deep in its source ("Partitions specified for Kafka start offsets don't match…"),
   * for a streaming table at every refresh. {@code counts}: each topic's partitions.
   */
  private void checkOffsetPartitions(Map<String, Integer> counts, boolean starts) {
    Set<TopicPartition> read = new LinkedHashSet<>();
    if (has(ASSIGN)) {
      assignment().forEach((t, ps) -> ps.forEach(p -> read.add(new TopicPartition(t, p))));
    } else if (has(SUBSCRIBE)) {
      for (String topic : subscribedTopics()) {
        Integer n = counts.get(topic);
        if (n == null) {
          return;
        }
        for (int p = 0; p < n; p++) {
          read.add(new TopicPartition(topic, p));
        }
      }
    } else {
      return; // subscribePattern: the topics are Spark's to find
    }
    List<KafkaOption> given = new ArrayList<>(List.of(ENDING_OFFSETS, ENDING_OFFSETS_BY_TIMESTAMP));
    if (starts) {
      given.addAll(List.of(STARTING_OFFSETS, STARTING_OFFSETS_BY_TIMESTAMP));
    }
    for (KafkaOption option : given) {
      String value = get(option);
      if (value == null || !value.trim().startsWith("{")) {
        continue;
      }
      Set<TopicPartition> named = new LinkedHashSet<>();
      Validators.parseObject(value)
          .fields()
          .forEachRemaining(
              t ->
                  t.getValue()
                      .fieldNames()
                      .forEachRemaining(
                          p -> {
                            if (p.matches("\\d{1,9}")) {
                              named.add(new TopicPartition(t.getKey(), Integer.parseInt(p)));
                            }
                          }));
      Set<TopicPartition> extra = new LinkedHashSet<>(named);
      extra.removeAll(read);
      Set<TopicPartition> missing = new LinkedHashSet<>(read);
      missing.removeAll(named);
      if (!extra.isEmpty() || !missing.isEmpty()) {
        String problem =
            !extra.isEmpty()
                ? "names " + partitions(extra) + ", which this read does not cover"
                : "leaves out " + partitions(missing);
        throw OptionBinder.invalid(
            option,
            value,
            problem
                + "; Spark needs a position for each partition the read covers ("
                + partitions(read)
                + ")"
                + (option.name().endsWith("ByTimestamp")
                    ? ""
                    : ": use -2 for the earliest offset and -1 for the latest"));
      }
    }
  }

  private static String partitions(Set<TopicPartition> partitions) {
    return partitions.stream()
        .map(tp -> tp.topic() + "-" + tp.partition())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private Map<TopicPartition, Long> jsonOffsets(KafkaOption option) {
    Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
    String value = get(option);
    JsonNode root =
        value != null && value.trim().startsWith("{") ? Validators.parseObject(value) : null;
    if (root != null) {
      root.fields()
          .forEachRemaining(
              t ->
                  t.getValue()
                      .fields()
                      .forEachRemaining(
                          p -> {
                            if (p.getValue().canConvertToLong()
                                && p.getValue().asLong() >= 0
                                && p.getKey().matches("\\d{1,9}")) {
                              offsets.put(
                                  new TopicPartition(t.getKey(), Integer.parseInt(p.getKey())),
                                  p.getValue().asLong());
                            }
                          }));
    }
    return offsets;
  }

  String bootstrapServers() {
    return get(BOOTSTRAP_SERVERS);
  }

  /**
   * The {@code kafka.*} options given, declared ones (a fetch size, a timeout) included, with the
   * prefix removed: the Kafka client's settings. The brokers are {@link #bootstrapServers()}.
   */
  Map<String, String> kafkaClientSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    String prefix = ReadKafkaOptions.KAFKA_PREFIX;
    for (KafkaOption o : ReadKafkaOptions.ALL) {
      String value = get(o);
      if (value != null && o != BOOTSTRAP_SERVERS && o.sparkKey().startsWith(prefix)) {
        settings.put(o.sparkKey().substring(prefix.length()), value);
      }
    }
    kafka.forEach((k, v) -> settings.put(k.substring(prefix.length()), v));
    return settings;
  }

  /** The options for Spark's Kafka source: the given values plus this extension's defaults. */
  Map<String, String> sparkOptions(boolean streaming) {
    Map<String, String> options = new LinkedHashMap<>();
    for (KafkaOption o : ReadKafkaOptions.ALL) {
      if (!o.passedToSpark()) {
        continue;
      }
      String value = get(o);
      if (value == null && o.scope().allows(streaming) && !inGroupWithAnother(o)) {
        value = o.defaultValue(streaming);
      }
      if (value != null) {
        options.put(o.sparkKey(), value);
      }
    }
    options.putAll(kafka);
    return options;
  }

  private boolean inGroupWithAnother(KafkaOption o) {
    for (List<KafkaOption> group : List.of(ReadKafkaOptions.STARTS, ReadKafkaOptions.ENDS)) {
      if (group.contains(o) && group.stream().anyMatch(this::has)) {
        return true;
      }
    }
    return false;
  }
}
