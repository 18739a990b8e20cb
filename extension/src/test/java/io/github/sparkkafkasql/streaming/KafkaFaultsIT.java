package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka changing under a streaming table between refreshes (issue 16): never a silent gap, never a
 * duplicate.
 */
class KafkaFaultsIT extends SharedSparkIT {

  /** The definitions here inject faults with functions of this session. */
  @org.junit.jupiter.api.BeforeAll
  static void allowSessionFunctions() {
    spark.conf().set(KafkaSqlConf.ALLOW_TEMPORARY_FUNCTIONS.key(), "true");
  }

  /** A second Kafka cluster, for tests whose brokers come to reach it; started on first use. */
  private static EmbeddedKafka other;

  private static synchronized EmbeddedKafka otherCluster() {
    if (other == null) {
      other = EmbeddedKafka.start();
    }
    return other;
  }

  @AfterAll
  static void stopOtherCluster() {
    if (other != null) {
      other.close();
    }
  }

  private static String create(String table, String topic, String starting, String extra) {
    return "CREATE STREAMING TABLE "
        + table
        + " AS SELECT CAST(value::string:id AS INT) AS id, partition, offset"
        + " FROM STREAM read_kafka(bootstrapServers => '"
        + kafka.bootstrapServers()
        + "', subscribe => '"
        + topic
        + "', startingOffsets => '"
        + starting
        + "'"
        + extra
        + ")";
  }

  /** count(*), distinct (partition, offset) and distinct ids of the table. */
  private static String counts(String table) {
    Row r =
        spark
            .sql(
                "SELECT count(*), count(DISTINCT partition, offset), count(DISTINCT id) FROM "
                    + table)
            .first();
    return r.getLong(0) + "/" + r.getLong(1) + "/" + r.getLong(2);
  }

  private static Map<String, String> describe(String table) {
    return spark.sql("DESCRIBE STREAMING TABLE " + table).collectAsList().stream()
        .filter(r -> r.getString(1) != null)
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1), (a, b) -> b));
  }

  @Test
  void partitionsAddedToTheTopicAreReadFromTheirStartExactlyOnce() {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 20);
    spark.sql(create("grown_earliest", topic, "earliest", ""));
    spark.sql(create("grown_latest", topic, "latest", ""));

    kafka.addPartitions(topic, 4);
    // Records 20..59 over all four partitions: ten in each, partitions 2 and 3 from offset 0.
    TestTopics.produce(kafka, topic, 4, 20, 60);
    Row refreshed = spark.sql("REFRESH STREAMING TABLE grown_earliest").first();
    assertThat(refreshed.getLong(refreshed.fieldIndex("rows_written"))).isEqualTo(40);
    assertThat(counts("grown_earliest")).isEqualTo("60/60/60");
    // A new partition is read from its start even when the definition starts at 'latest': Spark's
    // source reads partitions it did not know from their earliest offset.
    spark.sql("REFRESH STREAMING TABLE grown_latest");
    assertThat(counts("grown_latest")).isEqualTo("40/40/40");
    assertThat(
            spark
                .sql("SELECT min(offset) FROM grown_latest WHERE partition IN (2, 3)")
                .first()
                .getLong(0))
        .isZero();

    Map<String, String> described = describe("grown_earliest");
    assertThat(described)
        .containsEntry("Committed offset " + topic + "-0", "20")
        .containsEntry("Committed offset " + topic + "-2", "10")
        .containsEntry("Committed offset " + topic + "-3", "10")
        .containsEntry("Lag " + topic + "-3", "0");

    Row again = spark.sql("REFRESH STREAMING TABLE grown_earliest").first();
    assertThat(again.getLong(again.fieldIndex("rows_written"))).isZero();
    assertThat(counts("grown_earliest")).isEqualTo("60/60/60");
  }

  @Test
  void onlyCommittedTransactionsAreRead() {
    String topic = TestTopics.create(kafka, 1);
    kafka.produceInTransaction(records(topic, 0, 10), true);
    kafka.produceInTransaction(records(topic, 100, 105), false);
    kafka.produceInTransaction(records(topic, 10, 20), true);
    spark.sql(create("committed_only", topic, "earliest", ""));
    assertThat(counts("committed_only")).isEqualTo("20/20/20");

    kafka.produceInTransaction(records(topic, 200, 205), false);
    kafka.produceInTransaction(records(topic, 20, 30), true);
    Row refreshed = spark.sql("REFRESH STREAMING TABLE committed_only").first();
    assertThat(refreshed.getLong(refreshed.fieldIndex("rows_written"))).isEqualTo(10);
    assertThat(counts("committed_only")).isEqualTo("30/30/30");
    assertThat(spark.sql("SELECT max(id) FROM committed_only").first().getInt(0)).isEqualTo(29);

    // An open transaction, then records of another producer: a refresh stops at the transaction,
    // and the lag counts what the next refresh can load, not the records behind it.
    try (var open = kafka.transactionalProducer("open-" + topic)) {
      open.beginTransaction();
      for (var r : records(topic, 300, 302)) {
        open.send(r).get();
      }
      open.flush();
      kafka.produce(records(topic, 30, 32));
      Row waiting = spark.sql("REFRESH STREAMING TABLE committed_only").first();
      assertThat(waiting.getLong(waiting.fieldIndex("rows_written"))).isZero();
      assertThat(describe("committed_only")).containsEntry("Lag " + topic + "-0", "0");
      open.abortTransaction();
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
    // Offsets, as Kafka's consumer-group lag counts them: the 2 aborted records and the abort
    // marker, then the 2 records now readable.
    assertThat(describe("committed_only")).containsEntry("Lag " + topic + "-0", "5");
    Row after = spark.sql("REFRESH STREAMING TABLE committed_only").first();
    assertThat(after.getLong(after.fieldIndex("rows_written"))).isEqualTo(2);
    assertThat(counts("committed_only")).isEqualTo("32/32/32");

    // An explicit isolation level still wins: read_uncommitted sees the aborted records too.
    spark.sql(
        create(
            "uncommitted_too",
            topic,
            "earliest",
            ", `kafka.isolation.level` => 'read_uncommitted'"));
    assertThat(counts("uncommitted_too")).isEqualTo("44/44/44");
  }

  @Test
  void recordsDeletedBeforeARefreshReadThemFailItOrAreReportedAsAGap() {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 20);
    spark.sql(create("expired", topic, "earliest", ""));
    spark.sql(create("expired_full", topic, "earliest", ""));
    // Offsets 10..19 of each partition; retention then takes 10..14 of partition 0 unread.
    TestTopics.produce(kafka, topic, 2, 20, 40);
    kafka.deleteRecordsBefore(new TopicPartition(topic, 0), 15);

    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE expired"));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_DATA_LOSS");
    assertThat(e.getMessageParameters())
        .containsEntry("topic", topic)
        .containsEntry("partition", "0")
        .containsEntry("startOffset", "10")
        .containsEntry("endOffset", "15")
        .containsEntry("others", "");
    assertThat(e.getMessageParameters().get("table")).contains("expired");
    assertThat(counts("expired")).isEqualTo("20/20/20");

    // Accepting the loss: the refresh goes on and says what it skipped.
    Row accepted =
        spark
            .sql(
                create("expired", topic, "earliest", ", failOnDataLoss => false")
                    .replace("CREATE ", "CREATE OR REFRESH "))
            .first();
    assertThat(accepted.getLong(accepted.fieldIndex("rows_written"))).isEqualTo(15);
    assertThat(accepted.getString(accepted.fieldIndex("note")))
        .contains("failOnDataLoss => false")
        .contains(topic + "-0 offsets 10 to 15")
        .containsOnlyOnce(topic + "-0 offsets")
        .doesNotContain(topic + "-1 offsets");
    assertThat(counts("expired")).isEqualTo("35/35/35");

    // Or reloading what Kafka still has.
    spark.sql("REFRESH STREAMING TABLE expired_full FULL");
    assertThat(counts("expired_full")).isEqualTo("25/25/25");
  }

  @Test
  void aTopicDeletedAndCreatedAgainStopsTheRefreshUntilAFullRefresh() {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 20);
    spark.sql(create("recreated", topic, "earliest", ""));
    assertThat(counts("recreated")).isEqualTo("20/20/20");
    String before = kafka.topicId(topic).toString();
    // As a table refreshed by an earlier version left it: topic ids only, in their old file.
    StoredTable stored = StreamingTables.loadStreamingTable(spark, List.of("recreated"));
    Path checkpoint = new Path(stored.checkpointLocation(stored.generation()));
    try {
      FileSystem fs = checkpoint.getFileSystem(spark.sparkContext().hadoopConfiguration());
      assertThat(fs.delete(new Path(checkpoint, SourceIds.FILE), false)).isTrue();
      try (var out = fs.create(new Path(checkpoint, SourceIds.TOPIC_IDS_FILE))) {
        out.write(("{\"" + topic + "\":\"" + before + "\"}").getBytes(StandardCharsets.UTF_8));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    kafka.deleteTopic(topic);
    kafka.createTopic(topic, 1);
    // Offsets 0..29 of partition 0 again: resuming at 10 would skip ten records unnoticed.
    TestTopics.produce(kafka, topic, 1, 100, 130);
    String after = kafka.topicId(topic).toString();
    // DESCRIBE shows the lag of the partition that exists and says what to do about the one that
    // is gone (Kafka's admin client would retry that one until the connect timeout, and DESCRIBE
    // then showed no lag at all).
    Map<String, String> described = new java.util.HashMap<>();
    spark
        .sql("DESCRIBE STREAMING TABLE recreated")
        .collectAsList()
        .forEach(r -> described.put(r.getString(0), r.getString(1)));
    assertThat(described)
        .containsEntry("Lag " + topic + "-0", "20")
        .containsKey("Lag " + topic + "-1");
    assertThat(described.get("Lag " + topic + "-1"))
        .contains("no longer exists", "REFRESH STREAMING TABLE", "FULL");
    // The total cannot be said while a partition is gone (it was counted as 0).
    Row shown =
        spark.sql("SHOW STREAMING TABLES").collectAsList().stream()
            .filter(r -> r.getString(r.fieldIndex("table")).equals("recreated"))
            .findFirst()
            .orElseThrow();
    assertThat(shown.isNullAt(shown.fieldIndex("total_lag"))).isTrue();
    for (int attempt = 0; attempt < 2; attempt++) {
      AnalysisException e =
          catchThrowableOfType(
              AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE recreated"));
      assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_TOPIC_RECREATED");
      assertThat(e.getMessageParameters())
          .containsEntry("topic", topic)
          .containsEntry("previousId", before)
          .containsEntry("currentId", after);
      assertThat(e.getMessage()).contains("FULL");
    }
    assertThat(counts("recreated")).isEqualTo("20/20/20");

    Row full = spark.sql("REFRESH STREAMING TABLE recreated FULL").first();
    assertThat(full.getLong(full.fieldIndex("rows_written"))).isEqualTo(30);
    assertThat(counts("recreated")).isEqualTo("30/30/30");
    assertThat(spark.sql("SELECT min(id) FROM recreated").first().getInt(0)).isEqualTo(100);
    TestTopics.produce(kafka, topic, 1, 130, 140);
    Row next = spark.sql("REFRESH STREAMING TABLE recreated").first();
    assertThat(next.getLong(next.fieldIndex("rows_written"))).isEqualTo(10);
    assertThat(counts("recreated")).isEqualTo("40/40/40");
  }

  /**
   * With several Kafka sources, each source's topics are checked against that source's own recorded
   * ids: Spark keeps each source's offsets apart.
   */
  @Test
  void aTopicRecreatedUnderOneSourceOfAUnionStopsTheRefresh() {
    String kept = TestTopics.create(kafka, 1);
    String recreated = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, kept, 1, 0, 10);
    TestTopics.produce(kafka, recreated, 1, 10, 20);
    String source =
        "SELECT CAST(value::string:id AS INT) AS id, partition, offset FROM STREAM"
            + " read_kafka(bootstrapServers => '"
            + kafka.bootstrapServers()
            + "', subscribe => '%s', startingOffsets => 'earliest')";
    spark.sql(
        "CREATE STREAMING TABLE union_recreated AS "
            + source.formatted(kept)
            + " UNION ALL "
            + source.formatted(recreated));
    assertThat(spark.sql("SELECT count(*) FROM union_recreated").first().getLong(0)).isEqualTo(20);
    String before = kafka.topicId(recreated).toString();

    kafka.deleteTopic(recreated);
    kafka.createTopic(recreated, 1);
    TestTopics.produce(kafka, recreated, 1, 100, 115);
    TestTopics.produce(kafka, kept, 1, 20, 25);
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE union_recreated"));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_TOPIC_RECREATED");
    assertThat(e.getMessageParameters())
        .containsEntry("topic", recreated)
        .containsEntry("previousId", before)
        .containsEntry("currentId", kafka.topicId(recreated).toString());
    assertThat(spark.sql("SELECT count(*) FROM union_recreated").first().getLong(0)).isEqualTo(20);

    Row full = spark.sql("REFRESH STREAMING TABLE union_recreated FULL").first();
    assertThat(full.getLong(full.fieldIndex("rows_written"))).isEqualTo(30);
    TestTopics.produce(kafka, recreated, 1, 115, 120);
    Row next = spark.sql("REFRESH STREAMING TABLE union_recreated").first();
    assertThat(next.getLong(next.fieldIndex("rows_written"))).isEqualTo(5);
    assertThat(
            spark
                .sql("SELECT count(*), count(DISTINCT id), max(id) FROM union_recreated")
                .first()
                .toString())
        .isEqualTo("[35,35,119]");
    spark.sql("DROP TABLE union_recreated");
  }

  /**
   * Brokers named by a secret whose value changes to another cluster's address: the table's offsets
   * belong to the first cluster, so its refreshes stop until the address points back, or a FULL
   * refresh reloads the table from the new cluster.
   */
  @Test
  void brokersThatNowReachAnotherClusterStopTheRefreshUntilPointedBackOrFull() {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 20);
    String secret = "spark.kafkaSql.secret.moving_brokers";
    spark.conf().set(secret, kafka.bootstrapServers());
    EmbeddedKafka other = otherCluster();
    try {
      spark.sql(
          "CREATE STREAMING TABLE repointed AS SELECT CAST(value::string:id AS INT) AS id,"
              + " partition, offset FROM STREAM read_kafka(bootstrapServers =>"
              + " secret('moving_brokers'), subscribe => '"
              + topic
              + "', startingOffsets => 'earliest')");
      assertThat(counts("repointed")).isEqualTo("20/20/20");
      String first = kafka.admin().describeCluster().clusterId().get();
      String second = other.admin().describeCluster().clusterId().get();

      // The same topic on the other cluster, past the table's offsets (10 per partition): resuming
      // would load its records 10..14 of each partition and skip the first ten, unnoticed.
      other.createTopic(topic, 2);
      TestTopics.produce(other, topic, 2, 100, 130);
      spark.conf().set(secret, other.bootstrapServers());
      AnalysisException e =
          catchThrowableOfType(
              AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE repointed"));
      assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_CLUSTER_CHANGED");
      assertThat(e.getMessageParameters())
          .containsEntry("servers", other.bootstrapServers())
          .containsEntry("previousId", first)
          .containsEntry("currentId", second);
      assertThat(e.getMessage()).contains("FULL", "Point bootstrapServers back");
      assertThat(counts("repointed")).isEqualTo("20/20/20");

      // Pointed back, the table resumes where it was, exactly once.
      spark.conf().set(secret, kafka.bootstrapServers());
      TestTopics.produce(kafka, topic, 2, 20, 30);
      Row back = spark.sql("REFRESH STREAMING TABLE repointed").first();
      assertThat(back.getLong(back.fieldIndex("rows_written"))).isEqualTo(10);
      assertThat(counts("repointed")).isEqualTo("30/30/30");

      // Or FULL reloads it from the new cluster, which it then follows.
      spark.conf().set(secret, other.bootstrapServers());
      Row full = spark.sql("REFRESH STREAMING TABLE repointed FULL").first();
      assertThat(full.getLong(full.fieldIndex("rows_written"))).isEqualTo(30);
      assertThat(spark.sql("SELECT min(id) FROM repointed").first().getInt(0)).isEqualTo(100);
      TestTopics.produce(other, topic, 2, 130, 134);
      Row next = spark.sql("REFRESH STREAMING TABLE repointed").first();
      assertThat(next.getLong(next.fieldIndex("rows_written"))).isEqualTo(4);
      spark.conf().set(secret, kafka.bootstrapServers());
      assertThat(
              catchThrowableOfType(
                      AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE repointed"))
                  .getCondition())
          .isEqualTo("KAFKA_SQL_CLUSTER_CHANGED");
      assertThat(counts("repointed")).isEqualTo("34/34/34");
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    } finally {
      spark.conf().unset(secret);
    }
    spark.sql("DROP TABLE repointed");
  }

  /**
   * A first load that commits a batch and then fails has already recorded the cluster: brokers that
   * reach another cluster afterwards are refused, not taken as the table's.
   */
  @Test
  void aFirstLoadThatFailsAfterABatchHasRecordedItsCluster() {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 20);
    String secret = "spark.kafkaSql.secret.failing_brokers";
    spark.conf().set(secret, kafka.bootstrapServers());
    EmbeddedKafka other = otherCluster();
    try {
      // Batches of 10 records: ids 0..9, then 10..19, of which 15..19 fail the expectation.
      AnalysisException failed =
          catchThrowableOfType(
              AnalysisException.class,
              () ->
                  spark.sql(
                      "CREATE STREAMING TABLE half_loaded (CONSTRAINT small EXPECT (id < 15) ON"
                          + " VIOLATION FAIL UPDATE) AS SELECT CAST(value::string:id AS INT) AS id,"
                          + " partition, offset FROM STREAM read_kafka(bootstrapServers =>"
                          + " secret('failing_brokers'), subscribe => '"
                          + topic
                          + "', startingOffsets => 'earliest', maxOffsetsPerTrigger => 10)"));
      assertThat(failed.getCondition()).isEqualTo("KAFKA_SQL_EXPECTATION_FAILED");
      assertThat(counts("half_loaded")).isEqualTo("10/10/10");

      other.createTopic(topic, 2);
      TestTopics.produce(other, topic, 2, 0, 14);
      spark.conf().set(secret, other.bootstrapServers());
      AnalysisException e =
          catchThrowableOfType(
              AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE half_loaded"));
      assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_CLUSTER_CHANGED");
      assertThat(counts("half_loaded")).isEqualTo("10/10/10");
    } finally {
      spark.conf().unset(secret);
    }
    spark.sql("DROP TABLE half_loaded");
  }

  /**
   * Spark's second offset-log format ({@code spark.sql.streaming.offsetLog.formatVersion=2})
   * prefixes each source's offsets with its number: the table's committed offsets and the topic-id
   * check read it too.
   */
  @Test
  void theSecondOffsetLogFormatIsReadToo() {
    String topic = TestTopics.create(kafka, 2);
    TestTopics.produce(kafka, topic, 2, 0, 20);
    String format = "spark.sql.streaming.offsetLog.formatVersion";
    spark.conf().set(format, "2");
    try {
      spark.sql(create("keyed_log", topic, "earliest", ""));
      StoredTable stored = StreamingTables.loadStreamingTable(spark, List.of("keyed_log"));
      assertThat(
              spark
                  .read()
                  .text(stored.checkpointLocation(stored.generation()) + "/offsets/0")
                  .first()
                  .getString(0))
          .isEqualTo("v2");
      assertThat(describe("keyed_log")).containsEntry("Committed offset " + topic + "-0", "10");

      kafka.deleteTopic(topic);
      kafka.createTopic(topic, 2);
      TestTopics.produce(kafka, topic, 2, 100, 130);
      AnalysisException e =
          catchThrowableOfType(
              AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE keyed_log"));
      assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_TOPIC_RECREATED");
    } finally {
      spark.conf().unset(format);
    }
    spark.sql("DROP TABLE keyed_log");
  }

  /** Deletes the first records of partition 0 while the first batch of a refresh reads them. */
  private static final java.util.concurrent.atomic.AtomicReference<TopicPartition> EXPIRE =
      new java.util.concurrent.atomic.AtomicReference<>();

  @Test
  void recordsDeletedDuringARefreshFailItNamingTheGap() {
    String topic = TestTopics.create(kafka, 2);
    // One record per record batch, read one batch per fetch (kafka.max.partition.fetch.bytes):
    // the consumer cannot have fetched far ahead when the records are deleted.
    try (var producer = kafka.producer()) {
      for (var r : records(topic, 2, 0, 40)) {
        producer.send(r).get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    // A UDF on the offsets of the first batch deletes partition 0's offsets below 15 as soon as
    // the batch has read offset 4: the second batch, planned from 5, finds them gone.
    spark
        .udf()
        .register(
            "expire_during_refresh",
            (org.apache.spark.sql.api.java.UDF2<Integer, Long, Long>)
                (partition, offset) -> {
                  TopicPartition tp = EXPIRE.get();
                  if (tp != null
                      && partition == 0
                      && offset == 4
                      && EXPIRE.compareAndSet(tp, null)) {
                    kafka.deleteRecordsBefore(tp, 15);
                  }
                  return offset;
                },
            org.apache.spark.sql.types.DataTypes.LongType);
    String definition =
        create(
                "expiring",
                topic,
                "earliest",
                ", maxOffsetsPerTrigger => 10, `kafka.max.partition.fetch.bytes` => 1")
            .replace(" offset FROM", " expire_during_refresh(partition, offset) AS offset FROM");
    EXPIRE.set(new TopicPartition(topic, 0));
    // One task per partition: split in two, partition 0's first batch could have its later half
    // (offset 4, which deletes) read before its first half, which would then find 0 and 1 gone.
    spark.conf().set("spark.kafkaSql.refresh.tasksPerCore", "0");
    AnalysisException e;
    try {
      e = catchThrowableOfType(AnalysisException.class, () -> spark.sql(definition));
    } finally {
      spark.conf().unset("spark.kafkaSql.refresh.tasksPerCore");
    }
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_DATA_LOSS");
    assertThat(e.getMessageParameters())
        .containsEntry("topic", topic)
        .containsEntry("partition", "0")
        .containsEntry("startOffset", "5")
        .containsEntry("endOffset", "15");
    assertThat(counts("expiring")).isEqualTo("10/10/10");

    // Accepting the loss: the refresh reports the gap it skips.
    Row accepted =
        spark
            .sql(
                definition
                    .replace("maxOffsetsPerTrigger => 10", "failOnDataLoss => false")
                    .replace("CREATE ", "CREATE OR REFRESH "))
            .first();
    // Found before the refresh and again by its first batch: reported once.
    assertThat(accepted.getString(accepted.fieldIndex("note")))
        .containsOnlyOnce(topic + "-0 offsets")
        .contains(topic + "-0 offsets 5 to 15")
        .doesNotContain(topic + "-1 offsets");
    assertThat(counts("expiring")).isEqualTo("30/30/30");
  }

  /**
   * Partition and offset below which the next read of that record deletes the partition's records.
   */
  private static final java.util.List<long[]> EXPIRE_AT =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private static final java.util.concurrent.atomic.AtomicReference<String> EXPIRE_TOPIC =
      new java.util.concurrent.atomic.AtomicReference<>();

  @Test
  void recordsDeletedDuringARefreshThatAcceptsDataLossAreReportedOnce() {
    spark
        .udf()
        .register(
            "expire_ahead",
            (org.apache.spark.sql.api.java.UDF2<Integer, Long, Long>)
                (partition, offset) -> {
                  String topic = EXPIRE_TOPIC.get();
                  for (long[] at : EXPIRE_AT) {
                    if (topic != null
                        && at[0] == partition
                        && at[1] == offset
                        && EXPIRE_AT.remove(at)) {
                      kafka.deleteRecordsBefore(new TopicPartition(topic, partition), at[2]);
                    }
                  }
                  return offset;
                },
            org.apache.spark.sql.types.DataTypes.LongType);
    // Whether the consumer had fetched past a deletion decides how much is lost, not whether the
    // report is right; a run that lost nothing is tried again on a fresh topic.
    for (int attempt = 0; ; attempt++) {
      String table = "expiring_accepted_" + attempt;
      String topic = TestTopics.create(kafka, 2);
      // Record batches of five per partition, and fetches of one record batch
      // (kafka.max.partition.fetch.bytes): the consumer cannot read far ahead of the deletions.
      java.util.List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> all =
          records(topic, 2, 0, 600);
      for (int i = 0; i < all.size(); i += 10) {
        kafka.produce(all.subList(i, i + 10));
      }
      EXPIRE_TOPIC.set(topic);
      EXPIRE_AT.clear();
      // Three batches of 100 records per partition. Reading partition 0's offset 20 (first batch)
      // deletes its offsets below 180: the rest of that batch and most of the next are gone.
      // Reading partition 1's offset 120 (second batch) deletes its offsets below 230: the end of
      // that batch and the start of the last.
      EXPIRE_AT.add(new long[] {0, 20, 180});
      EXPIRE_AT.add(new long[] {1, 120, 230});
      String definition =
          create(
                  table,
                  topic,
                  "earliest",
                  ", failOnDataLoss => false, maxOffsetsPerTrigger => 200,"
                      + " `kafka.max.partition.fetch.bytes` => 1")
              .replace(" offset FROM", " expire_ahead(partition, offset) AS offset FROM");
      Row result = spark.sql(definition).first();
      String note = result.getString(result.fieldIndex("note"));
      assertThat(result.getInt(result.fieldIndex("batches"))).isEqualTo(3);

      java.util.Map<Integer, java.util.List<long[]>> lost = new java.util.HashMap<>();
      if (note != null) {
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile(
                    java.util.regex.Pattern.quote(topic) + "-(\\d+) offsets (\\d+) to (\\d+)")
                .matcher(note);
        while (m.find()) {
          lost.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new java.util.ArrayList<>())
              .add(new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
        }
      }
      long lostCount =
          lost.values().stream().flatMap(java.util.List::stream).mapToLong(r -> r[1] - r[0]).sum();
      Row c = spark.sql("SELECT count(*), count(DISTINCT partition, offset) FROM " + table).first();
      // Every record is in the table or in a reported gap, once.
      assertThat(c.getLong(0)).isEqualTo(c.getLong(1));
      assertThat(c.getLong(0) + lostCount).as(note).isEqualTo(600);
      for (var e : lost.entrySet()) {
        for (long[] r : e.getValue()) {
          assertThat(
                  spark
                      .sql(
                          "SELECT count(*) FROM "
                              + table
                              + " WHERE partition = "
                              + e.getKey()
                              + " AND offset >= "
                              + r[0]
                              + " AND offset < "
                              + r[1])
                      .first()
                      .getLong(0))
              .as("rows in a reported gap %s", java.util.Arrays.toString(r))
              .isZero();
        }
      }
      // The same note in the refresh history.
      java.util.List<Row> history =
          spark.sql("SELECT note FROM event_log(TABLE(" + table + "))").collectAsList();
      assertThat(history.get(history.size() - 1).getString(0)).isEqualTo(note);
      if (lost.containsKey(0) || attempt == 2) {
        assertThat(note).contains("failOnDataLoss => false");
        assertThat(lost).containsKey(0);
        assertThat(lost.get(0)).hasSize(1);
        assertThat(lost.get(0).get(0)[1]).isEqualTo(180);
        assertThat(lost.get(1)).hasSize(1);
        assertThat(lost.get(1).get(0)[1]).isEqualTo(230);
        break;
      }
    }
  }

  private static java.util.List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>>
      records(String topic, int from, int to) {
    return records(topic, 1, from, to);
  }

  private static java.util.List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>>
      records(String topic, int partitions, int from, int to) {
    return EmbeddedKafka.numberedRecords(topic, partitions, from, to, i -> "{\"id\":" + i + "}");
  }
}
