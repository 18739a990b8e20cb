package io.github.sparkkafkasql.conf;

import java.util.List;

/**
 * Every {@code spark.kafkaSql.*} setting, declared once (as Delta's {@code DeltaSQLConf} declares
 * Delta's): key, type, default, validator and documentation. Use sites read typed values ({@code
 * KafkaSqlConf.CONNECT_TIMEOUT.get()}); docs/reference/configuration.md is generated from here.
 */
public final class KafkaSqlConf {

  private KafkaSqlConf() {}

  public static final Setting<Long> CONNECT_TIMEOUT =
      Setting.durationMs("spark.kafkaSql.connectTimeout", 1)
          .defaultValue("20s")
          .doc(
              "How long `read_kafka`'s fail-fast checks, pushdown and the consumer lag of"
                  + " `DESCRIBE STREAMING TABLE` wait for the Kafka brokers before failing. It"
                  + " also bounds the queries themselves: the Kafka clients' request timeouts and"
                  + " `kafkaConsumer.pollTimeoutMs` derive from it unless a read sets them, and a"
                  + " refresh stops when its brokers have been unreachable this long.")
          .build();

  public static final Setting<Boolean> PUSHDOWN_ENABLED =
      Setting.bool("spark.kafkaSql.pushdown.enabled")
          .defaultValue("true")
          .doc(
              "Turns filters and `LIMIT` over a batch `read_kafka` into the offsets it reads"
                  + " (the same rows; `EXPLAIN` shows it).")
          .build();

  public static final Setting<Integer> PUSHDOWN_LOCAL_READ_MAX_RECORDS =
      Setting.integer("spark.kafkaSql.pushdown.localReadMaxRecords", 0)
          .defaultValue("20000")
          .doc(
              "A batch `read_kafka` that pushdown has bounded to at most this many offsets (a"
                  + " `LIMIT`, an offset range, a recent timestamp) is read on the driver, with a"
                  + " consumer kept between queries, and runs without a Spark job (`EXPLAIN`"
                  + " shows a `LocalRelation`): the same rows, in milliseconds rather than a"
                  + " job's fixed cost. Reads of more than 32 MB still go to Spark's tasks. `0`"
                  + " always reads through Spark's Kafka source.")
          .build();

  public static final Setting<Boolean> ALLOW_STREAMING_READS =
      Setting.bool("spark.kafkaSql.allowStreamingReads")
          .defaultValue("false")
          .doc(
              "Lets `STREAM read_kafka(...)` be analyzed outside a streaming table, for DataFrame"
                  + " code that starts its own streaming query with `writeStream`.")
          .build();

  public static final Setting<Boolean> ALLOW_TEMPORARY_FUNCTIONS =
      Setting.bool("spark.kafkaSql.streamingTable.allowTemporaryFunctions")
          .defaultValue("false")
          .doc(
              "Lets a streaming table's definition call functions of the session (`CREATE"
                  + " TEMPORARY FUNCTION`, `spark.udf.register`), which CREATE refuses otherwise,"
                  + " as Spark refuses them in a view. Its refreshes then work only in a session"
                  + " that has the same functions: not the scheduler's, nor another client's.")
          .build();

  /** The prefix of {@link #secret(String)}'s keys. */
  public static final String SECRET_PREFIX = "spark.kafkaSql.secret.";

  /** The family of {@code secret('<name>')} settings, as the docs show it. */
  public static final Setting<String> SECRETS =
      Setting.string(SECRET_PREFIX + "<name>")
          .doc(
              "The value of `secret('<name>')` in `read_kafka` options; when unset, the"
                  + " environment variable `KAFKA_SQL_SECRET_<NAME>` of the Spark driver. Never"
                  + " printed.")
          .build();

  public static final Setting<String> STATE_ROOT =
      Setting.string("spark.kafkaSql.stateRoot")
          .defaultDoc("(inside each table's directory)")
          .doc(
              "Root directory for the streaming state (checkpoints) of streaming tables created"
                  + " from then on. Each table stores where its state is, so changing this does"
                  + " not move existing tables.")
          .build();

  public static final Setting<Boolean> SCHEDULER_ENABLED =
      Setting.bool("spark.kafkaSql.scheduler.enabled")
          .defaultValue("true")
          .atStartup()
          .doc("Whether this Spark application runs the scheduled refreshes of streaming tables.")
          .build();

  public static final Setting<Integer> SCHEDULER_THREADS =
      Setting.integer("spark.kafkaSql.scheduler.threads", 1)
          .defaultValue("4")
          .atStartup()
          .doc("How many scheduled refreshes (of different tables) run at the same time.")
          .build();

  public static final Setting<Long> SCHEDULER_RESCAN_INTERVAL =
      Setting.durationMs("spark.kafkaSql.scheduler.rescanInterval", 0)
          .defaultValue("10min")
          .atStartup()
          .doc(
              "How often the scheduler reads the catalog for schedules set by other"
                  + " applications; `0` reads it only at start.")
          .build();

  public static final Setting<Long> SCHEDULER_MIN_INTERVAL =
      Setting.durationMs("spark.kafkaSql.scheduler.minInterval", 0)
          .defaultValue("60s")
          .doc(
              "The shortest time allowed between two scheduled refreshes, checked by `CREATE` and"
                  + " `ALTER STREAMING TABLE`. Tests lower it to use seconds-level cron"
                  + " expressions.")
          .build();

  public static final Setting<Integer> HISTORY_RETENTION =
      Setting.integer("spark.kafkaSql.history.retention", 1)
          .defaultValue("1000")
          .doc(
              "How many refreshes each streaming table keeps in its refresh history (`event_log`);"
                  + " each refresh deletes the entries older than that.")
          .build();

  public static final Setting<Long> SHOW_LAG_TIMEOUT =
      Setting.durationMs("spark.kafkaSql.showLagTimeout", 1)
          .defaultValue("5s")
          .doc(
              "How long `SHOW STREAMING TABLES` waits for the brokers to compute the tables' lag;"
                  + " a table whose lag is not known by then shows NULL.")
          .build();

  public static final Setting<Long> REFRESH_BATCH_RECORDS_PER_CORE =
      Setting.longValue("spark.kafkaSql.refresh.batchRecordsPerCore", 1)
          .defaultValue("5000000")
          .doc(
              "The records one micro-batch of a refresh reads, per core of the cluster (Spark's"
                  + " default parallelism), when the definition does not set"
                  + " `maxOffsetsPerTrigger`. A refresh loads a large backlog in batches of this"
                  + " many records times the cores, each committed on its own, so a crashed"
                  + " refresh redoes at most one batch. The default makes a batch of small records"
                  + " take about a minute (docs/performance.md).")
          .build();

  public static final Setting<Integer> REFRESH_TASKS_PER_CORE =
      Setting.integer("spark.kafkaSql.refresh.tasksPerCore", 0)
          .defaultValue("2")
          .doc(
              "The Spark tasks per core of the cluster, at least, that a refresh reads Kafka and"
                  + " writes the table with (Spark's `minPartitions`, rounded up to a multiple of"
                  + " the topic's partitions), when the definition sets neither `minPartitions`"
                  + " nor `maxRecordsPerPartition`, nor `failOnDataLoss => false` (docs/"
                  + "streaming-tables.md, records deleted while a refresh reads them). `0` keeps"
                  + " one task per Kafka partition.")
          .build();

  /** Every setting, in the order of the docs. */
  public static final List<Setting<?>> ALL =
      List.of(
          CONNECT_TIMEOUT,
          PUSHDOWN_ENABLED,
          PUSHDOWN_LOCAL_READ_MAX_RECORDS,
          ALLOW_STREAMING_READS,
          ALLOW_TEMPORARY_FUNCTIONS,
          SECRETS,
          STATE_ROOT,
          REFRESH_BATCH_RECORDS_PER_CORE,
          REFRESH_TASKS_PER_CORE,
          SCHEDULER_ENABLED,
          SCHEDULER_THREADS,
          SCHEDULER_RESCAN_INTERVAL,
          SCHEDULER_MIN_INTERVAL,
          HISTORY_RETENTION,
          SHOW_LAG_TIMEOUT);

  /** The setting that holds the value of {@code secret('name')}. */
  public static Setting<String> secret(String name) {
    return Setting.string(SECRET_PREFIX + name).doc(SECRETS.doc()).build();
  }
}
