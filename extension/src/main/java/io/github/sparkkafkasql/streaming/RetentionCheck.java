package io.github.sparkkafkasql.streaming;

import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a refresh resumes from its checkpoint: are the records it would read next still in Kafka?
 * Spark's source finds out only on the executors, with a message that names neither the table nor
 * the fix; this check compares the committed offsets with each partition's earliest offset first.
 */
final class RetentionCheck {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionCheck.class);

  /** Records {@code from} until {@code to} (exclusive) of a partition were deleted unread. */
  record Gap(TopicPartition partition, long from, long to) {
    @Override
    public String toString() {
      return partition + " offsets " + from + " to " + to;
    }
  }

  private RetentionCheck() {}

  /**
   * Fails with {@code KAFKA_SQL_DATA_LOSS} when records a source of the query ({@code leaves}) has
   * not read yet, after what it {@code committed}, are gone and the definition keeps {@code
   * failOnDataLoss} (the default); otherwise returns the gaps the refresh will skip, for its
   * result.
   */
  static List<Gap> check(
      StoredTable table, List<KafkaLeaf> leaves, List<Map<TopicPartition, Long>> committed)
      throws InterruptedException {
    // Each source against its own brokers: two sources may read two clusters.
    List<Gap> skipped = new ArrayList<>();
    List<Gap> gaps = new ArrayList<>();
    for (KafkaLeaf leaf : leaves) {
      Map<TopicPartition, Long> read = leaf.committedIn(committed);
      if (read.isEmpty()) {
        continue;
      }
      List<Gap> found = gaps(leaf.source(), read);
      if ("false".equalsIgnoreCase(leaf.source().option(ReadKafkaOptions.FAIL_ON_DATA_LOSS))) {
        skipped.addAll(found);
      } else {
        gaps.addAll(found);
      }
    }
    if (gaps.isEmpty()) {
      skipped.forEach(g -> LOG.warn("{}: records of {} were deleted unread", table.sqlName(), g));
      return skipped;
    }
    Gap first = gaps.get(0);
    String others =
        gaps.size() == 1
            ? ""
            : " (and "
                + gaps.subList(1, gaps.size()).stream()
                    .map(Gap::toString)
                    .collect(Collectors.joining(", "))
                + ")";
    throw StreamingTableErrors.dataLoss(
        table.sqlName(),
        first.partition().topic(),
        first.partition().partition(),
        first.from(),
        first.to(),
        others);
  }

  /** The note a refresh that skipped the gaps reports. */
  static String note(List<Gap> gaps) {
    return "Data loss accepted (failOnDataLoss => false): records deleted from Kafka before this"
        + " table read them were skipped: "
        + gaps.stream().map(Gap::toString).collect(Collectors.joining(", "))
        + ".";
  }

  private static List<Gap> gaps(ReadKafkaSource source, Map<TopicPartition, Long> committed)
      throws InterruptedException {
    Map<TopicPartition, OffsetSpec> earliest = new LinkedHashMap<>();
    committed.keySet().forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts;
    try {
      starts =
          source.admin().listOffsets(earliest).all().get(source.timeoutMs(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // A deleted topic or partition, or a slow broker: Spark's source meets it and reports it.
      source.evictAdmin();
      LOG.warn("Could not list the earliest offsets to check for data loss: {}", e.toString());
      return List.of();
    }
    List<Gap> gaps = new ArrayList<>();
    committed.forEach(
        (tp, next) -> {
          ListOffsetsResult.ListOffsetsResultInfo start = starts.get(tp);
          if (start != null && start.offset() > next) {
            gaps.add(new Gap(tp, next, start.offset()));
          }
        });
    return gaps;
  }
}
