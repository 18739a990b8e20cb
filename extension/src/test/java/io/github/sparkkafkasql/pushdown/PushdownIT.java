package io.github.sparkkafkasql.pushdown;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Pushdown of filters and LIMIT into batch read_kafka: the same rows with it on and off, fewer
 * records fetched with it on, also when CreateTime timestamps are out of order.
 */
class PushdownIT extends SharedSparkIT {

  private static final int PARTITIONS = 3;
  private static final int RECORDS = 300;
  private static final long BASE = 1_700_000_000_000L;
  private static String topic;

  @BeforeAll
  static void fill() {
    // Scan metrics are read from the executed plan, which adaptive execution would wrap.
    spark.conf().set("spark.sql.adaptive.enabled", "false");
    topic = "pd-" + UUID.randomUUID();
    kafka.createTopic(topic, PARTITIONS);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      records.add(
          new ProducerRecord<>(
              topic,
              i % PARTITIONS,
              BASE + timestampSecond(i) * 1000L,
              ("k" + i).getBytes(UTF_8),
              ("v" + i).getBytes(UTF_8)));
    }
    kafka.produce(records);
  }

  /** A permutation of 0..RECORDS-1: timestamps out of offset order in every partition. */
  private static int timestampSecond(int i) {
    return (i * 7919) % RECORDS;
  }

  private static ReadKafkaSql call() {
    return ReadKafkaSql.of(kafka.bootstrapServers()).subscribe(topic);
  }

  private static String read() {
    return call().sql();
  }

  /** {@code {"<topic>":{"0":o0,"1":o1,"2":o2}}}, offsets for the three partitions. */
  private static String offsets(long o0, long o1, long o2) {
    return "{\"" + topic + "\":{\"0\":" + o0 + ",\"1\":" + o1 + ",\"2\":" + o2 + "}}";
  }

  private static String at(int second) {
    return "timestamp_millis(" + (BASE + second * 1000L) + ")";
  }

  private static List<String> rows(String sql, boolean pushdown) {
    spark.conf().set(KafkaSqlConf.PUSHDOWN_ENABLED.key(), String.valueOf(pushdown));
    try {
      return spark.sql(sql).collectAsList().stream().map(Row::toString).sorted().toList();
    } finally {
      spark.conf().unset(KafkaSqlConf.PUSHDOWN_ENABLED.key());
    }
  }

  /** Runs the query and returns how many records Spark's Kafka scan produced. */
  private static long recordsRead(String sql) {
    Dataset<Row> df = spark.sql(sql);
    df.collectAsList();
    SparkPlan plan = df.queryExecution().executedPlan();
    long read = 0;
    for (SparkPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
      scala.Option<SQLMetric> m = leaf.metrics().get("numOutputRows");
      if (m.isDefined()) {
        read += m.get().value();
      }
    }
    return read;
  }

  /**
   * The plan with Spark's relation over the pushed offsets: reads this small would otherwise be
   * served on the driver, as a LocalRelation.
   */
  private static String explain(String sql) {
    return withLocalReadsUpTo(
        0, () -> spark.sql("EXPLAIN EXTENDED " + sql).collectAsList().get(0).getString(0));
  }

  private static <T> T withLocalReadsUpTo(int records, java.util.function.Supplier<T> body) {
    spark.conf().set(KafkaSqlConf.PUSHDOWN_LOCAL_READ_MAX_RECORDS.key(), String.valueOf(records));
    try {
      return body.get();
    } finally {
      spark.conf().unset(KafkaSqlConf.PUSHDOWN_LOCAL_READ_MAX_RECORDS.key());
    }
  }

  /** The same rows without pushdown, pushed and read on the driver, and pushed to Spark's tasks. */
  private static void assertSameRows(String sql) {
    List<String> off = rows(sql, false);
    assertThat(rows(sql, true)).as(sql).isEqualTo(off);
    assertThat(withLocalReadsUpTo(0, () -> rows(sql, true))).as(sql).isEqualTo(off);
  }

  /** Spark jobs the query runs. */
  private static int jobs(String sql) {
    return work(sql).jobs();
  }

  /** What Spark ran for one query: its jobs and their tasks. */
  private record Work(int jobs, int tasks) {}

  private static Work work(String sql) {
    AtomicInteger jobs = new AtomicInteger();
    AtomicInteger tasks = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart jobStart) {
            jobs.incrementAndGet();
          }

          @Override
          public void onTaskStart(SparkListenerTaskStart taskStart) {
            tasks.incrementAndGet();
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      spark.sql(sql).collectAsList();
      spark.sparkContext().listenerBus().waitUntilEmpty();
      return new Work(jobs.get(), tasks.get());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("Spark's listener bus did not drain", e);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
  }

  @Test
  void smallPushedReadsAreServedOnTheDriverWithoutAJob() {
    String peek = "SELECT CAST(key AS STRING), partition, offset FROM " + read() + " LIMIT 10";
    assertThat(jobs(peek)).isZero();
    assertThat(spark.sql("EXPLAIN " + peek).first().getString(0))
        .contains("LocalTableScan")
        .doesNotContain("read_kafka(pushed");
    assertThat(rows(peek, true)).hasSize(10);
    String range =
        "SELECT CAST(key AS STRING), CAST(value AS STRING), topic, partition, offset, timestamp,"
            + " timestampType FROM "
            + read()
            + " WHERE partition = 2 AND offset >= 40 AND offset < 60";
    assertThat(jobs(range)).isZero();
    assertSameRows(range);
  }

  @Test
  void pushedReadsPastTheThresholdRunOnSparksSource() {
    String peek = "SELECT CAST(key AS STRING), partition, offset FROM " + read() + " LIMIT 10";
    withLocalReadsUpTo(
        9,
        () -> {
          assertThat(jobs(peek)).isPositive();
          assertThat(spark.sql("EXPLAIN " + peek).first().getString(0))
              .contains("read_kafka(pushed");
          return null;
        });
    assertThat(withLocalReadsUpTo(10, () -> jobs(peek))).isZero();
  }

  /**
   * At the default threshold, one percent of a million-record topic (10,000 records) is read on the
   * driver: no task reads Kafka, and the rows are Spark's.
   */
  @Test
  void tenThousandRecordsAreReadOnTheDriverAtTheDefaultThreshold() {
    String big = kafka.createUniqueTopic(1);
    kafka.produce(EmbeddedKafka.numberedRecords(big, 1, 0, 12_000, i -> "v" + i));
    String sql =
        "SELECT count(*), sum(offset), max(CAST(value AS STRING)) FROM "
            + ReadKafkaSql.of(kafka.bootstrapServers()).subscribe(big).sql()
            + " WHERE offset >= 1000 AND offset < 11000";
    assertThat(spark.sql("EXPLAIN " + sql).first().getString(0))
        .contains("LocalTableScan")
        .doesNotContain("read_kafka(pushed");
    assertThat(rows(sql, true))
        .containsExactly("[10000,59995000,v9999]")
        .isEqualTo(rows(sql, false));
  }

  /**
   * An aggregate, a sort or a join over the driver's rows runs one task and no shuffle: the rows
   * are one partition, not split over the cores to be shuffled back together.
   */
  @Test
  void queriesOverTheDriversRowsRunOneTaskWithoutAShuffle() {
    String where = " WHERE partition = 2 AND offset >= 10 AND offset < 70";
    String count = "SELECT count(*), max(offset) FROM " + read() + where;
    String grouped =
        "SELECT length(value) % 3 AS k, count(*) FROM " + read() + where + " GROUP BY 1 ORDER BY 1";
    String sorted =
        "SELECT offset, CAST(value AS STRING) FROM " + read() + where + " ORDER BY value DESC";
    String joined =
        "SELECT r.id, count(*) FROM "
            + read()
            + " k JOIN range(5) r ON k.offset % 5 = r.id"
            + where.replace("partition", "k.partition").replace("offset", "k.offset")
            + " GROUP BY r.id ORDER BY r.id";
    for (String sql : List.of(count, grouped, sorted, joined)) {
      assertSameRows(sql);
    }
    assertThat(work(count)).isEqualTo(new Work(1, 1));
    // Only the column the job uses goes to its task: Spark folded the projection into the rows.
    assertThat(spark.sql("EXPLAIN " + count).first().getString(0))
        .containsPattern("Coalesce 1\\s+\\+- LocalTableScan \\[offset#\\d+L\\]")
        .doesNotContain("Exchange");
    assertThat(work(sorted)).isEqualTo(new Work(1, 1));
    // Without pushdown's driver read, Spark's source splits the same count over a shuffle.
    assertThat(withLocalReadsUpTo(0, () -> work(count)).tasks()).isGreaterThan(1);
  }

  /**
   * Counting the rows of a read served on the driver needs no job: the count is the number of rows
   * read, after the filters. The same counts as Spark's source gives, also for filters pushdown
   * cannot bound exactly, and for an empty result.
   */
  @Test
  void countingTheDriversRowsRunsNoJob() {
    String where = " WHERE partition = 2 AND offset >= 10 AND offset < 70";
    String count = "SELECT count(*) AS n, count(1) FROM " + read() + where;
    String inexact = "SELECT count(*) FROM " + read() + where + " AND offset % 3 = 0";
    String nested =
        "SELECT count(*) FROM (SELECT CAST(value AS STRING) AS v FROM "
            + read()
            + where
            + ") WHERE v LIKE '%1%'";
    String none = "SELECT count(*) FROM " + read() + where + " AND offset < 0";
    for (String sql : List.of(count, inexact, nested, none)) {
      assertSameRows(sql);
      assertThat(work(sql)).as(sql).isEqualTo(new Work(0, 0));
    }
    assertThat(rows(count, true)).containsExactly("[60,60]");
    assertThat(spark.sql("EXPLAIN " + count).first().getString(0))
        .contains("LocalTableScan")
        .doesNotContain("Aggregate");
    // Other aggregates, a DISTINCT count or a count of a column still run their one-task job.
    for (String sql :
        List.of(
            "SELECT count(DISTINCT key) FROM " + read() + where,
            "SELECT count(key) FROM " + read() + where,
            "SELECT count(*) FROM " + read() + where + " GROUP BY partition")) {
      assertSameRows(sql);
      assertThat(work(sql)).as(sql).isEqualTo(new Work(1, 1));
    }
  }

  /** Headers, keys and values as Spark's source gives them, also NULL ones. */
  @Test
  void localReadsGiveSparksColumnsIncludingHeaders() {
    String withHeaders = "pd-headers-" + UUID.randomUUID();
    kafka.createTopic(withHeaders, 2);
    ProducerRecord<byte[], byte[]> headed =
        new ProducerRecord<>(withHeaders, 0, BASE, "h".getBytes(UTF_8), "x".getBytes(UTF_8));
    headed.headers().add("a", "1".getBytes(UTF_8)).add("b", null);
    kafka.produce(
        List.of(
            headed,
            new ProducerRecord<>(withHeaders, 1, BASE + 1, (byte[]) null, "y".getBytes(UTF_8)),
            new ProducerRecord<>(withHeaders, 1, BASE + 2, "t".getBytes(UTF_8), (byte[]) null)));
    String sql =
        "SELECT CAST(key AS STRING), CAST(value AS STRING), partition, offset, timestamp,"
            + " timestampType, transform(headers, h -> concat(h.key, '=', coalesce(CAST(h.value AS"
            + " STRING), 'null'))) FROM "
            + ReadKafkaSql.of(kafka.bootstrapServers())
                .subscribe(withHeaders)
                .option("includeHeaders", "true")
            + " LIMIT 3";
    assertThat(jobs(sql)).isZero();
    assertThat(rows(sql, true)).hasSize(3);
    assertSameRows(sql);
  }

  @Test
  void timestampLowerBoundReadsOnlyLaterOffsetsAndKeepsOutOfOrderMatches() {
    String sql =
        "SELECT CAST(key AS STRING) k, partition, offset FROM "
            + read()
            + " WHERE timestamp >= "
            + at(270);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      if (timestampSecond(i) >= 270) {
        expected.add("k" + i);
      }
    }
    assertThat(rows(sql, true)).hasSize(expected.size());
    assertSameRows(sql);
    assertThat(recordsRead(sql)).isLessThan(RECORDS).isGreaterThanOrEqualTo(expected.size());
    assertThat(explain(sql)).contains("read_kafka(pushed: (timestamp >= ");
  }

  /** Decoding sits in a Project above the relation; filters on the other columns pass it. */
  @Test
  void filtersReachTheRelationThroughDecodedPayloads() {
    String sql =
        "SELECT key, value, offset FROM read_kafka(bootstrapServers => '"
            + kafka.bootstrapServers()
            + "', subscribe => '"
            + topic
            + "', keyFormat => 'string', valueFormat => 'string')"
            + " WHERE partition = 1 AND offset >= 10 AND offset < 13";
    assertThat(rows(sql, true)).containsExactly("[k31,v31,10]", "[k34,v34,11]", "[k37,v37,12]");
    assertSameRows(sql);
    assertThat(recordsRead(sql)).isEqualTo(3);
  }

  @Test
  void partitionAndOffsetFiltersBecomeTheOffsetsRead() {
    String sql =
        "SELECT CAST(key AS STRING), offset FROM "
            + read()
            + " WHERE partition IN (0, 2) AND offset >= 10 AND offset < 15";
    assertThat(rows(sql, true)).hasSize(10);
    assertSameRows(sql);
    assertThat(recordsRead(sql)).isEqualTo(10);
    String plan = explain(sql);
    assertThat(plan).contains("Assign[").contains("-0 -> 10").contains("-2 -> 15");
    assertThat(plan).doesNotContain(topic + "-1 ->");
  }

  @Test
  void theTighterOfOptionsAndFiltersWins() {
    String sql =
        "SELECT CAST(key AS STRING), partition, offset FROM "
            + call()
                .option("startingOffsets", offsets(50, -2, 95))
                .option("endingOffsets", offsets(90, 60, -1))
            + " WHERE offset >= 20 AND offset < 98";
    assertSameRows(sql);
    String plan = explain(sql);
    assertThat(plan).contains(topic + "-0 -> 50").contains(topic + "-1 -> 20");
    assertThat(plan).contains(topic + "-2 -> 95").contains(topic + "-0 -> 90");
    assertThat(plan).contains(topic + "-1 -> 60").contains(topic + "-2 -> 98");
  }

  /** A start past the end is an error naming the partition, not an empty result. */
  @Test
  void optionsSparkRejectsStillFailWithPushdown() {
    String sql =
        "SELECT * FROM "
            + call()
                .option("startingOffsets", offsets(50, 0, 0))
                .option("endingOffsets", offsets(10, 10, 10))
            + " WHERE partition = 0";
    assertThatThrownBy(() -> spark.sql(sql).collectAsList())
        .hasMessageContaining("KAFKA_SQL_INVALID_OPTION_VALUE")
        .hasMessageContaining(
            "starts " + topic + "-0 at 50, after where endingOffsets ends it (10)");
  }

  @Test
  void topicConditionsSelectAmongSubscribedTopics() {
    String other = "pd-other-" + UUID.randomUUID();
    kafka.createTopic(other, 2);
    kafka.produce(
        List.of(
            new ProducerRecord<>(other, 0, BASE, "o".getBytes(UTF_8), "x".getBytes(UTF_8)),
            new ProducerRecord<>(other, 1, BASE, "p".getBytes(UTF_8), "y".getBytes(UTF_8))));
    String sql =
        "SELECT CAST(key AS STRING) FROM "
            + ReadKafkaSql.of(kafka.bootstrapServers()).option("subscribePattern", "pd-.*")
            + " WHERE topic = '"
            + other
            + "'";
    assertThat(rows(sql, true)).containsExactly("[o]", "[p]");
    assertThat(recordsRead(sql)).isEqualTo(2);
    assertThat(explain(sql)).contains("Assign[" + other + "-0, " + other + "-1]");
  }

  @Test
  void noMatchingPartitionReadsNothing() {
    String sql = "SELECT * FROM " + read() + " WHERE partition = 7 OR partition < 0";
    assertThat(rows(sql, true)).isEmpty();
    assertThat(recordsRead(sql)).isZero();
  }

  /**
   * Bounds no Kafka offset or timestamp can meet: Spark reads -1 and -2 in offset options as latest
   * and earliest, and Kafka's ListOffsets reads negative timestamps the same way.
   */
  @Test
  void boundsBelowZeroGiveTheSameRows() {
    for (String where :
        List.of(
            "offset < -1",
            "offset < -2",
            "offset <= -7",
            "offset < 0",
            "timestamp >= timestamp_millis(-1)",
            "timestamp >= timestamp_millis(-3)",
            "timestamp > timestamp_millis(-2)")) {
      String sql =
          "SELECT CAST(key AS STRING), partition, offset FROM " + read() + " WHERE " + where;
      assertSameRows(sql);
    }
  }

  @Test
  void limitReadsOnlyThePartitionsAndRecordsItNeeds() {
    String one = "SELECT CAST(value AS STRING) FROM " + read() + " WHERE partition = 1 LIMIT 5";
    assertThat(rows(one, true)).hasSize(5);
    assertThat(recordsRead(one)).isEqualTo(5);
    // The first partition holds 7 records: the other two are not read at all.
    String any = "SELECT * FROM " + read() + " LIMIT 7";
    assertThat(rows(any, true)).hasSize(7);
    assertThat(recordsRead(any)).isEqualTo(7);
    assertThat(explain(any)).contains("LIMIT 7");
    // Each partition has 3 records from offset 97: all of the first, 2 of the second.
    String across = "SELECT CAST(key AS STRING) FROM " + read() + " WHERE offset >= 97 LIMIT 5";
    assertThat(rows(across, true)).hasSize(5);
    assertThat(recordsRead(across)).isEqualTo(5);
    String count = "SELECT count(*) FROM (SELECT * FROM " + read() + " LIMIT 7)";
    assertThat(rows(count, true)).containsExactly("[7]");
    // Without a collect's early stop, every partition would be read up to the limit (on the
    // driver, the count is taken without a scan to measure; Spark's tasks show the records read).
    assertThat(withLocalReadsUpTo(0, () -> recordsRead(count))).isEqualTo(7);
    String more = "SELECT count(*) FROM (SELECT * FROM " + read() + " WHERE offset >= 97 LIMIT 20)";
    assertThat(rows(more, true)).containsExactly("[9]");
  }

  /** Transaction markers take offsets, and read_committed skips aborted records. */
  @Test
  void limitCountsRecordsNotOffsets() {
    String txTopic = "pd-tx-" + UUID.randomUUID();
    kafka.createTopic(txTopic, 1);
    try (KafkaProducer<byte[], byte[]> producer = kafka.transactionalProducer("tx-" + txTopic)) {
      for (int t = 0; t < 6; t++) {
        producer.beginTransaction();
        for (int i = 0; i < 2; i++) {
          producer.send(
              new ProducerRecord<>(txTopic, 0, null, ("t" + t + "-" + i).getBytes(UTF_8)));
        }
        if (t % 3 == 1) {
          producer.flush(); // written, then aborted: visible to read_uncommitted only
          producer.abortTransaction();
        } else {
          producer.commitTransaction();
        }
      }
    }
    // The producer's last abort or commit returns before its marker is written.
    kafka.awaitTransactionsEnded(List.of(new TopicPartition(txTopic, 0)));
    ReadKafkaSql base = ReadKafkaSql.of(kafka.bootstrapServers()).subscribe(txTopic);
    ReadKafkaSql uncommitted = base.option("kafka.isolation.level", "read_uncommitted");
    ReadKafkaSql committed = base.option("kafka.isolation.level", "read_committed");
    // 6 transactions of 2 records, each followed by a marker; 2 of them aborted.
    for (int n : new int[] {1, 2, 3, 5, 8, 9}) {
      String sql = "SELECT CAST(value AS STRING) FROM " + committed + " LIMIT " + n;
      assertThat(rows(sql, true)).as(sql).hasSize(Math.min(n, 8)).isEqualTo(rows(sql, false));
    }
    String all = "SELECT count(*) FROM (SELECT * FROM " + uncommitted + " LIMIT 11)";
    assertThat(rows(all, true)).containsExactly("[11]");
  }

  @Test
  void aLimitAboveAnInexactFilterIsNotPushed() {
    String sql = "SELECT CAST(key AS STRING) FROM " + read() + " WHERE value IS NOT NULL LIMIT 4";
    assertThat(explain(sql)).doesNotContain("read_kafka(pushed");
    assertThat(rows(sql, true)).hasSize(4);
  }

  @Test
  void turnedOffByConf() {
    String sql = "SELECT * FROM " + read() + " WHERE partition = 1";
    spark.conf().set(KafkaSqlConf.PUSHDOWN_ENABLED.key(), "false");
    try {
      assertThat(explain(sql)).doesNotContain("read_kafka(pushed");
    } finally {
      spark.conf().unset(KafkaSqlConf.PUSHDOWN_ENABLED.key());
    }
  }

  /** An invalid value fails the reads of Kafka, not the SET or RESET that would put it right. */
  @Test
  void anInvalidSettingFailsReadsOfKafkaOnly() {
    String sql = "SELECT count(*) FROM " + read() + " WHERE partition = 1";
    spark.sql("SET " + KafkaSqlConf.PUSHDOWN_ENABLED.key() + " = maybe");
    try {
      assertThat(spark.sql("SELECT 1").first().getInt(0)).isEqualTo(1);
      assertThatThrownBy(() -> spark.sql(sql).collectAsList())
          .isInstanceOf(org.apache.spark.sql.AnalysisException.class)
          .hasMessageContaining("KAFKA_SQL_INVALID_SETTING");
      spark.sql("RESET " + KafkaSqlConf.PUSHDOWN_ENABLED.key());
      assertThat(spark.sql(sql).first().getLong(0)).isPositive();
    } finally {
      spark.conf().unset(KafkaSqlConf.PUSHDOWN_ENABLED.key());
    }
  }

  /** Random conjunctions of supported and unsupported filters, with and without LIMIT. */
  @Test
  void randomFiltersGiveTheSameRowsWithPushdownOnAndOff() {
    Random random = new Random(42);
    for (int round = 0; round < 25; round++) {
      List<String> conjuncts = new ArrayList<>();
      int count = 1 + random.nextInt(3);
      for (int i = 0; i < count; i++) {
        conjuncts.add(randomConjunct(random));
      }
      String sql =
          "SELECT CAST(key AS STRING), partition, offset, timestamp FROM "
              + read()
              + " WHERE "
              + String.join(" AND ", conjuncts);
      assertSameRows(sql);
      if (random.nextBoolean()) {
        // Which rows a LIMIT without ORDER BY returns is up to the plan: the same number, each one
        // a match.
        int limit = 1 + random.nextInt(40);
        List<String> matches = rows(sql, false);
        List<String> limited = rows(sql + " LIMIT " + limit, true);
        assertThat(limited).as(sql + " LIMIT " + limit).hasSize(Math.min(limit, matches.size()));
        assertThat(matches).as(sql + " LIMIT " + limit).containsAll(limited);
      }
    }
  }

  private static String randomConjunct(Random r) {
    return switch (r.nextInt(9)) {
      case 0 -> "timestamp >= " + at(r.nextInt(RECORDS + 10));
      case 1 -> "timestamp > " + at(r.nextInt(RECORDS));
      case 2 -> "timestamp < " + at(r.nextInt(RECORDS));
      case 3 -> "timestamp BETWEEN " + at(r.nextInt(150)) + " AND " + at(150 + r.nextInt(150));
      case 4 -> "partition = " + r.nextInt(PARTITIONS + 1);
      case 5 -> "partition IN (" + r.nextInt(PARTITIONS) + ", " + r.nextInt(PARTITIONS) + ")";
      case 6 -> "offset >= " + r.nextInt(110);
      case 7 -> "offset < " + r.nextInt(110);
      default -> "(partition = 0 OR offset > " + r.nextInt(100) + ")";
    };
  }
}
