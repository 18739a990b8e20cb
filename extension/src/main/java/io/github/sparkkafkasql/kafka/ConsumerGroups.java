package io.github.sparkkafkasql.kafka;

import io.github.sparkkafkasql.errors.KafkaErrors;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The consumer group a streaming table commits its offsets to ({@code commitOffsets => true}), with
 * the admin client of the table's read: the group only mirrors the table's checkpoint, for lag
 * tools ({@code kafka-consumer-groups.sh}, Burrow, Kafka UIs); nothing reads it back.
 */
public final class ConsumerGroups {

  private ConsumerGroups() {}

  /**
   * Fails with KAFKA_SQL_COMMIT_GROUP_NOT_AUTHORIZED when the read's principal may not see the
   * group (its committed offsets need DESCRIBE; committing them needs READ, which only a commit
   * shows).
   */
  public static void checkAccess(ReadKafkaSource source, String group, String table) {
    try {
      source
          .admin()
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get(source.timeoutMs(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthorizationException a) {
        throw KafkaErrors.groupNotAuthorized(table, group, a.getMessage());
      }
      // Anything else (the broker is away) is for the refresh to report.
    } catch (TimeoutException e) {
      source.evictAdmin();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sets the group's offsets; throws what Kafka answered. */
  public static void commit(ReadKafkaSource source, String group, Map<TopicPartition, Long> offsets)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = new java.util.LinkedHashMap<>();
    offsets.forEach((tp, o) -> committed.put(tp, new OffsetAndMetadata(o)));
    Admin admin = source.admin();
    try {
      admin
          .alterConsumerGroupOffsets(group, committed)
          .all()
          .get(source.timeoutMs(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      source.evictAdmin();
      throw e;
    }
  }

  /** Removes the group's offsets of these topics (REFRESH … FULL); a missing group is fine. */
  public static void forget(ReadKafkaSource source, String group, Set<String> topics)
      throws Exception {
    Admin admin = source.admin();
    Map<TopicPartition, OffsetAndMetadata> current;
    try {
      current =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(source.timeoutMs(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return;
      }
      throw e;
    }
    Set<TopicPartition> ours = new java.util.LinkedHashSet<>();
    for (TopicPartition tp : current.keySet()) {
      if (topics.contains(tp.topic())) {
        ours.add(tp);
      }
    }
    if (!ours.isEmpty()) {
      admin
          .deleteConsumerGroupOffsets(group, ours)
          .all()
          .get(source.timeoutMs(), TimeUnit.MILLISECONDS);
    }
  }
}
