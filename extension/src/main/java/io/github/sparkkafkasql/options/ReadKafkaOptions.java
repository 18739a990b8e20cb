package io.github.sparkkafkasql.options;

import static io.github.sparkkafkasql.options.Validators.atLeast;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every option {@code read_kafka} accepts, declared once. Names follow Databricks' {@code
 * read_kafka}; each maps to an option of Spark's Kafka source. Options whose names start with
 * {@code kafka.} are passed to the Kafka consumer, except {@link #FORBIDDEN_KAFKA_KEYS}.
 */
public final class ReadKafkaOptions {

  private ReadKafkaOptions() {}

  public static final KafkaOption BOOTSTRAP_SERVERS =
      KafkaOption.string("bootstrapServers")
          .sparkKey("kafka.bootstrap.servers")
          .required()
          .validator(Validators.HOST_PORT_LIST)
          .doc(
              "Comma-separated `host:port` list of Kafka brokers to connect to (a listener prefix"
                  + " such as `SASL_SSL://` is allowed and ignored, as Kafka does).")
          .build();

  public static final KafkaOption SUBSCRIBE =
      KafkaOption.string("subscribe")
          .validator(Validators.TOPIC_LIST)
          .doc(
              "Comma-separated list of topics to read. Exactly one of `subscribe`,"
                  + " `subscribePattern` and `assign` is required.")
          .build();

  public static final KafkaOption SUBSCRIBE_PATTERN =
      KafkaOption.string("subscribePattern")
          .validator(Validators.REGEX)
          .doc("Java regular expression; every topic whose name matches is read.")
          .build();

  public static final KafkaOption ASSIGN =
      KafkaOption.json("assign")
          .validator(Validators.ASSIGN_JSON)
          .doc("Specific topic partitions to read, as JSON: `{\"topicA\":[0,1],\"topicB\":[2]}`.")
          .build();

  public static final KafkaOption STARTING_OFFSETS =
      KafkaOption.string("startingOffsets")
          .keepsPositions()
          .defaults("earliest", "latest")
          .validator(Validators.offsets("earliest", "latest"))
          .doc(
              "Where to start: `earliest`, `latest` (streaming only), or per partition as JSON"
                  + " `{\"topicA\":{\"0\":23,\"1\":-2}}` (-2 = earliest, -1 = latest). A streaming"
                  + " table uses it only for its first refresh; later refreshes resume where the"
                  + " previous one stopped.")
          .build();

  public static final KafkaOption ENDING_OFFSETS =
      KafkaOption.string("endingOffsets")
          .scope(Scope.BATCH)
          .defaultValue("latest")
          .validator(Validators.offsets("latest"))
          .doc(
              "Where a batch read stops (exclusive): `latest`, or per partition as JSON"
                  + " `{\"topicA\":{\"0\":50,\"1\":-1}}` (-1 = latest).")
          .build();

  public static final KafkaOption STARTING_TIMESTAMP =
      KafkaOption.timestampMillis("startingTimestamp")
          .keepsPositions()
          .doc(
              "Start every partition at the first record whose timestamp is at or after this time"
                  + " (epoch milliseconds or a TIMESTAMP). Takes the place of `startingOffsets`.")
          .build();

  public static final KafkaOption STARTING_OFFSETS_BY_TIMESTAMP =
      KafkaOption.json("startingOffsetsByTimestamp")
          .keepsPositions()
          .validator(Validators.TIMESTAMPS_JSON)
          .doc(
              "Per partition start timestamps as JSON `{\"topicA\":{\"0\":1700000000000}}` (epoch"
                  + " ms). Takes the place of `startingOffsets`.")
          .build();

  public static final KafkaOption STARTING_OFFSETS_BY_TIMESTAMP_STRATEGY =
      KafkaOption.string("startingOffsetsByTimestampStrategy")
          .keepsPositions()
          .defaultValue("error")
          .validator(Validators.oneOf("error", "latest"))
          .doc(
              "What to do when no record is at or after a starting timestamp: `error` fails the"
                  + " query, `latest` starts at the end of the partition.")
          .build();

  public static final KafkaOption ENDING_TIMESTAMP =
      KafkaOption.timestampMillis("endingTimestamp")
          .scope(Scope.BATCH)
          .doc(
              "Stop every partition before the first record whose timestamp is at or after this"
                  + " time (epoch milliseconds or a TIMESTAMP). Takes the place of `endingOffsets`.")
          .build();

  public static final KafkaOption ENDING_OFFSETS_BY_TIMESTAMP =
      KafkaOption.json("endingOffsetsByTimestamp")
          .scope(Scope.BATCH)
          .validator(Validators.TIMESTAMPS_JSON)
          .doc(
              "Per partition end timestamps as JSON `{\"topicA\":{\"0\":1700000000000}}` (epoch"
                  + " ms). Takes the place of `endingOffsets`.")
          .build();

  public static final KafkaOption INCLUDE_HEADERS =
      KafkaOption.bool("includeHeaders")
          .keepsPositions()
          .defaultValue("false")
          .doc(
              "Add a `headers ARRAY<STRUCT<key: STRING, value: BINARY>>` column with each record's"
                  + " headers.")
          .build();

  public static final KafkaOption MIN_PARTITIONS =
      KafkaOption.integer("minPartitions")
          .keepsPositions()
          .validator(atLeast(1))
          .doc(
              "Desired minimum number of Spark partitions to read from Kafka (a hint); by default"
                  + " one Spark partition per Kafka partition.")
          .build();

  public static final KafkaOption MAX_RECORDS_PER_PARTITION =
      KafkaOption.longValue("maxRecordsPerPartition")
          .keepsPositions()
          .validator(atLeast(1))
          .doc("Split Kafka partitions into Spark partitions of at most this many records.")
          .build();

  public static final KafkaOption FAIL_ON_DATA_LOSS =
      KafkaOption.bool("failOnDataLoss")
          .keepsPositions()
          .defaultValue("true")
          .doc(
              "Fail when data may have been lost (records deleted by retention before they were"
                  + " read, or a topic deleted). `false` skips the lost range and logs a warning.")
          .build();

  public static final KafkaOption GROUP_ID_PREFIX =
      KafkaOption.string("groupIdPrefix")
          .keepsPositions()
          .defaultValue("spark-kafka-source")
          .validator(Validators.NON_EMPTY)
          .doc("Prefix of the consumer group ids Spark generates. Ignored with `kafka.group.id`.")
          .build();

  public static final KafkaOption COMMIT_OFFSETS =
      KafkaOption.bool("commitOffsets")
          .keepsPositions()
          .scope(Scope.STREAM)
          .defaultDoc("`false`")
          .doc(
              "In a streaming table: after each micro-batch is committed to the table, commit its"
                  + " end offsets to the consumer group `kafka.group.id` names (required), so that"
                  + " lag tools (`kafka-consumer-groups.sh`, Burrow, Kafka UIs) see the table's"
                  + " position. The table's checkpoint stays the truth: a failed commit is reported,"
                  + " never fails the refresh. See [operations](../operations.md#consumer-group-offsets).")
          .build();

  public static final KafkaOption FETCH_OFFSET_NUM_RETRIES =
      KafkaOption.integer("fetchOffset.numRetries")
          .keepsPositions()
          .defaultValue("3")
          .validator(atLeast(0))
          .doc("How many times to retry fetching the latest offsets before giving up.")
          .build();

  public static final KafkaOption FETCH_OFFSET_RETRY_INTERVAL_MS =
      KafkaOption.longValue("fetchOffset.retryIntervalMs")
          .keepsPositions()
          .defaultValue("10")
          .validator(atLeast(0))
          .doc("Milliseconds to wait between retries of fetching offsets.")
          .build();

  public static final KafkaOption POLL_TIMEOUT_MS =
      KafkaOption.longValue("kafkaConsumer.pollTimeoutMs")
          .keepsPositions()
          .defaultDoc("`spark.kafkaSql.connectTimeout` (20000)")
          .validator(atLeast(1))
          .doc(
              "Milliseconds an executor waits for records from Kafka before failing the task."
                  + " Spark's default is `spark.network.timeout` (120 s); this extension derives it"
                  + " from `spark.kafkaSql.connectTimeout`, as it derives the Kafka clients'"
                  + " timeouts below, so that a broker that goes"
                  + " away fails a read within a bounded time (see"
                  + " [When Kafka misbehaves](../streaming-tables.md#when-kafka-misbehaves)).")
          .build();

  public static final KafkaOption DEFAULT_API_TIMEOUT_MS =
      KafkaOption.integer("kafka.default.api.timeout.ms")
          .defaultDoc("`spark.kafkaSql.connectTimeout` (20000)")
          .validator(atLeast(0))
          .doc(
              "Milliseconds a Kafka client call (the driver's offset requests) may block. Kafka's"
                  + " default is 60 s, tried `fetchOffset.numRetries` times; this extension derives"
                  + " it from `spark.kafkaSql.connectTimeout`.")
          .build();

  public static final KafkaOption REQUEST_TIMEOUT_MS =
      KafkaOption.integer("kafka.request.timeout.ms")
          .defaultDoc("`spark.kafkaSql.connectTimeout`, at most Kafka's `30000`")
          .validator(atLeast(0))
          .doc("Milliseconds a Kafka client waits for the broker's answer to one request.")
          .build();

  public static final KafkaOption SOCKET_CONNECTION_SETUP_TIMEOUT_MS =
      KafkaOption.longValue("kafka.socket.connection.setup.timeout.ms")
          .defaultDoc("`spark.kafkaSql.connectTimeout`, at most Kafka's `10000`")
          .validator(atLeast(0))
          .doc("Milliseconds a Kafka client waits for a connection to a broker to be set up.")
          .build();

  public static final KafkaOption SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS =
      KafkaOption.longValue("kafka.socket.connection.setup.timeout.max.ms")
          .defaultDoc("`spark.kafkaSql.connectTimeout`, at most Kafka's `30000`")
          .validator(atLeast(0))
          .doc(
              "Upper bound of the connection set-up timeout, which Kafka doubles after each failed"
                  + " attempt.")
          .build();

  public static final KafkaOption METADATA_MAX_AGE_MS =
      KafkaOption.longValue("kafka.metadata.max.age.ms")
          .defaultDoc("`spark.kafkaSql.connectTimeout`, at most Kafka's `300000`")
          .validator(atLeast(0))
          .doc(
              "Milliseconds after which a Kafka client refreshes its view of the cluster. Spark"
                  + " closes its driver's admin client without a time limit when a query stops; after"
                  + " a broker outage that close waits for the next refresh, so with Kafka's 5"
                  + " minutes the next refresh of a streaming table would wait minutes (see"
                  + " [When Kafka misbehaves](../streaming-tables.md#when-kafka-misbehaves)).")
          .build();

  public static final KafkaOption MAX_OFFSETS_PER_TRIGGER =
      KafkaOption.longValue("maxOffsetsPerTrigger")
          .keepsPositions()
          .scope(Scope.STREAM)
          .validator(atLeast(1))
          .doc(
              "Upper bound on the records one micro-batch reads, split across partitions by"
                  + " volume; a refresh processes the backlog in batches of this size.")
          .build();

  public static final KafkaOption MIN_OFFSETS_PER_TRIGGER =
      KafkaOption.longValue("minOffsetsPerTrigger")
          .keepsPositions()
          .scope(Scope.STREAM)
          .validator(atLeast(1))
          .doc(
              "Lower bound on the records a micro-batch waits for (up to `maxTriggerDelay`) before"
                  + " it runs.")
          .build();

  public static final KafkaOption MAX_TRIGGER_DELAY =
      KafkaOption.string("maxTriggerDelay")
          .keepsPositions()
          .scope(Scope.STREAM)
          .defaultValue("15m")
          .validator(Validators.DURATION)
          .doc("Longest a micro-batch waits for `minOffsetsPerTrigger` records.")
          .build();

  public static final KafkaOption FETCH_MAX_WAIT_MS =
      KafkaOption.longValue("kafka.fetch.max.wait.ms")
          .defaultValue("10")
          .validator(atLeast(0))
          .doc(
              "How long the broker may hold a fetch that has too little data. Kafka's default"
                  + " (500 ms) is paid at the end of every partition's range, which makes a small"
                  + " batch read take seconds; this extension defaults it to 10 ms.")
          .build();

  public static final KafkaOption MAX_PARTITION_FETCH_BYTES =
      KafkaOption.integer("kafka.max.partition.fetch.bytes")
          .validator(atLeast(1))
          .defaultDoc("`8388608` in a streaming table's refresh, Kafka's `1048576` elsewhere")
          .doc(
              "Most bytes one fetch returns for a partition. Kafka's 1 MB costs a round trip to"
                  + " the broker per megabyte read, so a streaming table's refresh reads its"
                  + " backlog with 8 MB unless the definition sets this"
                  + " ([performance](../performance.md#kafka-fetch-sizes)).")
          .build();

  public static final KafkaOption RECEIVE_BUFFER_BYTES =
      KafkaOption.integer("kafka.receive.buffer.bytes")
          .validator(atLeast(-1))
          .defaultDoc("`-1` in a streaming table's refresh, Kafka's `65536` elsewhere")
          .doc(
              "The consumer's socket receive buffer; -1 lets the operating system size it to the"
                  + " connection. Kafka's 64 KB caps what one round trip carries on a network with"
                  + " latency, so a streaming table's refresh uses -1 unless the definition sets"
                  + " this ([performance](../performance.md#kafka-fetch-sizes)).")
          .build();

  public static final KafkaOption KEY_FORMAT =
      KafkaOption.string("keyFormat")
          .extensionOnly()
          .defaultValue("binary")
          .validator(Validators.oneOf("binary", "string", "json", "avro"))
          .doc(
              "How to decode the `key` column: `binary` (the bytes as Kafka holds them), `string`"
                  + " (UTF-8), `json` or `avro` (a STRUCT, or the plain type of a primitive schema)."
                  + " See [payloads](../payloads.md).")
          .build();

  public static final KafkaOption KEY_SCHEMA =
      KafkaOption.string("keySchema")
          .extensionOnly()
          .validator(Validators.NON_EMPTY)
          .doc(
              "The schema of the keys: a DDL list such as `'id BIGINT, name STRING'` with"
                  + " `keyFormat => 'json'`, an Avro schema (JSON) with `keyFormat => 'avro'`.")
          .build();

  public static final KafkaOption VALUE_FORMAT =
      KafkaOption.string("valueFormat")
          .extensionOnly()
          .defaultValue("binary")
          .validator(Validators.oneOf("binary", "string", "json", "avro"))
          .doc(
              "How to decode the `value` column: `binary` (the bytes as Kafka holds them),"
                  + " `string` (UTF-8), `json` or `avro` (a STRUCT, or the plain type of a primitive"
                  + " schema). A record that does not decode fails the query, naming its topic,"
                  + " partition and offset. See [payloads](../payloads.md).")
          .build();

  public static final KafkaOption VALUE_SCHEMA =
      KafkaOption.string("valueSchema")
          .extensionOnly()
          .validator(Validators.NON_EMPTY)
          .doc(
              "The schema of the values: a DDL list such as `'id BIGINT, amount DOUBLE'` with"
                  + " `valueFormat => 'json'`, an Avro schema (JSON) with `valueFormat => 'avro'`.")
          .build();

  public static final KafkaOption SCHEMA_INFERENCE_SAMPLE_SIZE =
      KafkaOption.integer("schemaInferenceSampleSize")
          .extensionOnly()
          .defaultValue("1000")
          .validator(atLeast(1))
          .doc(
              "With `valueFormat => 'json'` (or `keyFormat`) and no `valueSchema` (`keySchema`):"
                  + " how many of the newest records of each partition the schema is inferred"
                  + " from, read on the driver when the query is analyzed (by a streaming table:"
                  + " when it is created, and again by CREATE OR REFRESH). See"
                  + " [payloads](../payloads.md#json).")
          .build();

  public static final KafkaOption RESCUED_DATA_COLUMN =
      KafkaOption.string("rescuedDataColumn")
          .extensionOnly()
          .validator(Validators.NON_EMPTY)
          .defaultDoc("`_rescued_data` in a streaming table, none in a batch read")
          .doc(
              "With `valueFormat => 'json'` (or `keyFormat`): the STRING field added to the"
                  + " decoded struct that holds, as a JSON object, the top-level fields the schema"
                  + " does not have and the values that do not convert to its types; NULL when"
                  + " there are none. See [rescued data](../payloads.md#rescued-data).")
          .build();

  public static final KafkaOption SCHEMA_REGISTRY_ADDRESS =
      KafkaOption.string("schemaRegistryAddress")
          .extensionOnly()
          .validator(Validators.HTTP_URLS)
          .doc(
              "Base URL of a Confluent-compatible Schema Registry (it may carry a path, as"
                  + " Apicurio's `/apis/ccompat/v7`), or the URLs of several instances of one,"
                  + " comma-separated: an instance that cannot be reached is skipped for the next."
                  + " With `valueFormat => 'avro'` (or `keyFormat`) records are read in Confluent's"
                  + " wire format, each with its writer schema.")
          .build();

  public static final KafkaOption SCHEMA_REGISTRY_AUTH =
      KafkaOption.string("schemaRegistryAuth")
          .extensionOnly()
          .sensitive()
          .validator(Validators.USER_INFO)
          .doc(
              "Basic authentication for the Schema Registry, as `user:password` (Confluent's"
                  + " `basic.auth.user.info`). A secret: give it as `secret('name')`, which a"
                  + " streaming table's definition requires. For a bearer token, use"
                  + " `schemaRegistryBearerToken`.")
          .build();

  public static final KafkaOption SCHEMA_REGISTRY_BEARER_TOKEN =
      KafkaOption.string("schemaRegistryBearerToken")
          .extensionOnly()
          .sensitive()
          .validator(Validators.NON_EMPTY)
          .doc(
              "A bearer token for the Schema Registry, sent as `Authorization: Bearer <token>`"
                  + " (Confluent's `bearer.auth.token`). A secret: give it as `secret('name')`."
                  + " Not together with `schemaRegistryAuth`.")
          .build();

  public static final KafkaOption SCHEMA_REGISTRY_TRUSTSTORE_LOCATION =
      KafkaOption.string("schemaRegistryTruststoreLocation")
          .extensionOnly()
          .validator(Validators.NON_EMPTY)
          .defaultDoc("the JVM's trust store")
          .doc(
              "Path of the trust store that verifies an `https://` registry's certificate (e.g."
                  + " a private CA's). Read by the driver and by every executor, so it must be a"
                  + " local path on each node, as Spark's `kafka.ssl.truststore.location`. See"
                  + " [payloads](../payloads.md#tls).")
          .build();

  public static final KafkaOption SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD =
      KafkaOption.string("schemaRegistryTruststorePassword")
          .extensionOnly()
          .sensitive()
          .doc("The password of `schemaRegistryTruststoreLocation`. A secret: `secret('name')`.")
          .build();

  public static final KafkaOption SCHEMA_REGISTRY_TRUSTSTORE_TYPE =
      KafkaOption.string("schemaRegistryTruststoreType")
          .extensionOnly()
          .validator(Validators.NON_EMPTY)
          .defaultDoc("the JDK's (`PKCS12`, which reads `JKS` too)")
          .doc("The type of `schemaRegistryTruststoreLocation`: `PKCS12` or `JKS`.")
          .build();

  public static final KafkaOption SCHEMA_REGISTRY_KEYSTORE_LOCATION =
      KafkaOption.string("schemaRegistryKeystoreLocation")
          .extensionOnly()
          .validator(Validators.NON_EMPTY)
          .doc(
              "Path of the key store holding the client certificate for a registry that requires"
                  + " mutual TLS; a local path on the driver and every executor. The key's password"
                  + " is the store's.")
          .build();

  public static final KafkaOption SCHEMA_REGISTRY_KEYSTORE_PASSWORD =
      KafkaOption.string("schemaRegistryKeystorePassword")
          .extensionOnly()
          .sensitive()
          .doc(
              "The password of `schemaRegistryKeystoreLocation` and of its key. A secret:"
                  + " `secret('name')`.")
          .build();

  public static final KafkaOption SCHEMA_REGISTRY_KEYSTORE_TYPE =
      KafkaOption.string("schemaRegistryKeystoreType")
          .extensionOnly()
          .validator(Validators.NON_EMPTY)
          .defaultDoc("the JDK's (`PKCS12`, which reads `JKS` too)")
          .doc("The type of `schemaRegistryKeystoreLocation`: `PKCS12` or `JKS`.")
          .build();

  public static final KafkaOption KEY_SUBJECT =
      KafkaOption.string("keySubject")
          .extensionOnly()
          .validator(Validators.NON_EMPTY)
          .defaultDoc("<topic>-key")
          .doc("The registry subject whose schema the keys are read with.")
          .build();

  public static final KafkaOption VALUE_SUBJECT =
      KafkaOption.string("valueSubject")
          .extensionOnly()
          .validator(Validators.NON_EMPTY)
          .defaultDoc("<topic>-value")
          .doc(
              "The registry subject whose schema the values are read with (required when the read"
                  + " covers several topics, or a pattern).")
          .build();

  public static final KafkaOption KEY_SCHEMA_VERSION =
      KafkaOption.integer("keySchemaVersion")
          .extensionOnly()
          .validator(atLeast(1))
          .defaultDoc("latest")
          .doc(
              "The version of the key subject to read with (the reader schema); records written"
                  + " with other versions are resolved to it by Avro's rules.")
          .build();

  public static final KafkaOption VALUE_SCHEMA_VERSION =
      KafkaOption.integer("valueSchemaVersion")
          .extensionOnly()
          .validator(atLeast(1))
          .defaultDoc("latest")
          .doc(
              "The version of the value subject to read with (the reader schema); records written"
                  + " with other versions are resolved to it by Avro's rules.")
          .build();

  public static final KafkaOption ON_DECODE_ERROR =
      KafkaOption.string("onDecodeError")
          .extensionOnly()
          .defaultValue("fail")
          .validator(Validators.oneOf("fail", "null", "quarantine"))
          .doc(
              "What a record whose key or value does not decode does: `fail` stops the query or"
                  + " refresh, naming the record; `null` (batch reads) gives NULL for the column"
                  + " and the error in a `_decode_error` column; `quarantine` (streaming tables)"
                  + " writes the record to the table's dead-letter table and goes on. See"
                  + " [decode errors](../payloads.md#decode-errors-and-the-quarantine-table).")
          .build();

  public static final KafkaOption QUARANTINE_TABLE =
      KafkaOption.string("quarantineTable")
          .extensionOnly()
          .scope(Scope.STREAM)
          .validator(Validators.NON_EMPTY)
          .defaultDoc("<table>_quarantine")
          .doc(
              "With `onDecodeError => 'quarantine'`: the name of the dead-letter Delta table, in"
                  + " the streaming table's schema.")
          .build();

  public static final KafkaOption ISOLATION_LEVEL =
      KafkaOption.string("kafka.isolation.level")
          .defaults(null, "read_committed")
          .defaultDoc("`read_uncommitted` (batch), `read_committed` (streaming)")
          .validator(Validators.oneOf("read_committed", "read_uncommitted"))
          .doc(
              "Which records of transactional producers are read: `read_committed` skips aborted"
                  + " transactions and stops at the first open one; `read_uncommitted` (Kafka's"
                  + " and Spark's default) reads every record written. Streaming tables default"
                  + " to `read_committed` so that exactly-once producers stay exactly once.")
          .build();

  /** Every declared option, in the order the docs list them. */
  public static final List<KafkaOption> ALL =
      List.of(
          BOOTSTRAP_SERVERS,
          SUBSCRIBE,
          SUBSCRIBE_PATTERN,
          ASSIGN,
          STARTING_OFFSETS,
          ENDING_OFFSETS,
          STARTING_TIMESTAMP,
          STARTING_OFFSETS_BY_TIMESTAMP,
          STARTING_OFFSETS_BY_TIMESTAMP_STRATEGY,
          ENDING_TIMESTAMP,
          ENDING_OFFSETS_BY_TIMESTAMP,
          INCLUDE_HEADERS,
          MIN_PARTITIONS,
          MAX_RECORDS_PER_PARTITION,
          FAIL_ON_DATA_LOSS,
          GROUP_ID_PREFIX,
          COMMIT_OFFSETS,
          FETCH_OFFSET_NUM_RETRIES,
          FETCH_OFFSET_RETRY_INTERVAL_MS,
          POLL_TIMEOUT_MS,
          DEFAULT_API_TIMEOUT_MS,
          REQUEST_TIMEOUT_MS,
          SOCKET_CONNECTION_SETUP_TIMEOUT_MS,
          SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS,
          METADATA_MAX_AGE_MS,
          MAX_OFFSETS_PER_TRIGGER,
          MIN_OFFSETS_PER_TRIGGER,
          MAX_TRIGGER_DELAY,
          FETCH_MAX_WAIT_MS,
          MAX_PARTITION_FETCH_BYTES,
          RECEIVE_BUFFER_BYTES,
          KEY_FORMAT,
          KEY_SCHEMA,
          VALUE_FORMAT,
          VALUE_SCHEMA,
          SCHEMA_INFERENCE_SAMPLE_SIZE,
          RESCUED_DATA_COLUMN,
          SCHEMA_REGISTRY_ADDRESS,
          SCHEMA_REGISTRY_AUTH,
          SCHEMA_REGISTRY_BEARER_TOKEN,
          SCHEMA_REGISTRY_TRUSTSTORE_LOCATION,
          SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD,
          SCHEMA_REGISTRY_TRUSTSTORE_TYPE,
          SCHEMA_REGISTRY_KEYSTORE_LOCATION,
          SCHEMA_REGISTRY_KEYSTORE_PASSWORD,
          SCHEMA_REGISTRY_KEYSTORE_TYPE,
          KEY_SUBJECT,
          VALUE_SUBJECT,
          KEY_SCHEMA_VERSION,
          VALUE_SCHEMA_VERSION,
          ON_DECODE_ERROR,
          QUARANTINE_TABLE,
          ISOLATION_LEVEL);

  /** Exactly one of these names the topics to read. */
  public static final List<KafkaOption> TOPIC_SELECTORS =
      List.of(SUBSCRIBE, SUBSCRIBE_PATTERN, ASSIGN);

  /** At most one of these sets where a read starts. */
  public static final List<KafkaOption> STARTS =
      List.of(STARTING_OFFSETS, STARTING_TIMESTAMP, STARTING_OFFSETS_BY_TIMESTAMP);

  /** At most one of these sets where a batch read ends. */
  public static final List<KafkaOption> ENDS =
      List.of(ENDING_OFFSETS, ENDING_TIMESTAMP, ENDING_OFFSETS_BY_TIMESTAMP);

  /** Prefix of options handed to the Kafka consumer. */
  public static final String KAFKA_PREFIX = "kafka.";

  /**
   * Kafka consumer settings Spark's source cannot honour, each with what to use instead. {@code
   * kafka.group.id} is allowed, as in Spark.
   */
  public static final Map<String, String> FORBIDDEN_KAFKA_KEYS = forbidden();

  private static Map<String, String> forbidden() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("kafka.bootstrap.servers", "Use `bootstrapServers => 'host:port'` instead.");
    m.put(
        "kafka.auto.offset.reset",
        "Use `startingOffsets => 'earliest'` (or 'latest') instead: Spark tracks offsets itself.");
    m.put(
        "kafka.enable.auto.commit",
        "Spark tracks consumed offsets itself (in checkpoints), never in the consumer group.");
    m.put(
        "kafka.key.deserializer",
        "Use `keyFormat => 'string'` (or 'json', 'avro') to decode keys, or convert the BINARY"
            + " key in SQL, e.g. `CAST(key AS STRING)`.");
    m.put(
        "kafka.value.deserializer",
        "Use `valueFormat => 'string'` (or 'json' with `valueSchema`, or 'avro') to decode"
            + " values, or convert the BINARY value in SQL, e.g. `CAST(value AS STRING)`.");
    m.put(
        "kafka.interceptor.classes",
        "Interceptors could change records behind Spark's back, so Spark does not allow them.");
    return m;
  }

  private static final Pattern SENSITIVE_KAFKA_KEY =
      Pattern.compile("(?i).*(password|jaas|secret|credential|token|\\.key$|keystore\\.key).*");

  /** The declared option with this name, ignoring case. */
  public static Optional<KafkaOption> find(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return ALL.stream().filter(o -> o.name().toLowerCase(Locale.ROOT).equals(lower)).findFirst();
  }

  /** Whether a {@code kafka.*} key holds a secret (passwords, JAAS configs, keys). */
  public static boolean isSensitiveKafkaKey(String key) {
    return SENSITIVE_KAFKA_KEY.matcher(key).matches();
  }
}
