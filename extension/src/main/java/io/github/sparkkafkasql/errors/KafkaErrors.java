package io.github.sparkkafkasql.errors;

/**
 * Factories for the errors of Kafka itself, found by the checks before a read: unreachable brokers,
 * missing topics and partitions, failed metadata requests; one method per condition, as in {@link
 * KafkaSqlErrors}.
 */
public final class KafkaErrors {

  private KafkaErrors() {}

  public static RuntimeException brokerUnreachable(
      String servers, String timeout, String reason, String timeoutConf) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_BROKER_UNREACHABLE",
        "servers",
        servers,
        "timeout",
        timeout,
        "reason",
        reason,
        "timeoutConf",
        timeoutConf);
  }

  public static RuntimeException topicNotFound(String topics, String servers, String suggestion) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_TOPIC_NOT_FOUND",
        "topics",
        topics,
        "servers",
        servers,
        "suggestion",
        suggestion);
  }

  public static RuntimeException partitionNotFound(
      String topic, int partition, int count, String option) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_PARTITION_NOT_FOUND",
        "topic",
        topic,
        "partition",
        String.valueOf(partition),
        "count",
        String.valueOf(count),
        "option",
        option);
  }

  /** JSON offsets of an option outside what Kafka holds for a partition. */
  public static RuntimeException offsetOutOfRange(String option, String problems, String hint) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_OFFSET_OUT_OF_RANGE", "option", option, "problems", problems, "hint", hint);
  }

  public static RuntimeException noRecordAtTimestamp(String partitions) {
    return KafkaSqlErrors.error("KAFKA_SQL_NO_RECORD_AT_TIMESTAMP", "partitions", partitions);
  }

  /** The address answers as Kafka but does not serve clients (a KRaft controller's listener). */
  public static RuntimeException notABroker(String servers, String reason) {
    return KafkaSqlErrors.error("KAFKA_SQL_NOT_A_BROKER", "servers", servers, "reason", reason);
  }

  public static RuntimeException metadataFailed(String servers, String what, String reason) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_METADATA_FAILED", "servers", servers, "what", what, "reason", reason);
  }

  /** commitOffsets => true with a group the read's principal may not use. */
  public static RuntimeException groupNotAuthorized(String table, String group, String reason) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_COMMIT_GROUP_NOT_AUTHORIZED", "table", table, "group", group, "reason", reason);
  }
}
