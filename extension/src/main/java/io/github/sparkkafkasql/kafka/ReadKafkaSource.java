package io.github.sparkkafkasql.kafka;

import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.errors.OptionErrors;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a batch {@code read_kafka} call handed to Spark's Kafka source: the broker addresses, the
 * Kafka client settings and the source options. Holds resolved secrets, so it is never printed.
 */
public final class ReadKafkaSource {

  private final String servers;
  private final Map<String, String> clientSettings;
  private final Map<String, String> sparkOptions;
  private final long timeoutMs;

  public ReadKafkaSource(
      String servers,
      Map<String, String> clientSettings,
      Map<String, String> sparkOptions,
      long timeoutMs) {
    this.servers = servers;
    this.clientSettings = Map.copyOf(clientSettings);
    this.sparkOptions = Map.copyOf(sparkOptions);
    this.timeoutMs = timeoutMs;
  }

  /**
   * A read from the options of a Kafka source that Spark built (a streaming table's source), with
   * the session's {@link KafkaSqlConf#CONNECT_TIMEOUT}.
   */
  public static ReadKafkaSource ofSparkOptions(Map<String, String> sparkOptions) {
    Map<String, String> client = new java.util.LinkedHashMap<>();
    sparkOptions.forEach(
        (k, v) -> {
          if (k.startsWith(ReadKafkaOptions.KAFKA_PREFIX)) {
            client.put(k.substring(ReadKafkaOptions.KAFKA_PREFIX.length()), v);
          }
        });
    return new ReadKafkaSource(
        client.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG),
        client,
        sparkOptions,
        KafkaSqlConf.CONNECT_TIMEOUT.get());
  }

  /** The bootstrap addresses, as given. */
  public String bootstrapServers() {
    return servers;
  }

  /** The options given to Spark's Kafka source. */
  public Map<String, String> sparkOptions() {
    return sparkOptions;
  }

  /** A declared option's value as given to Spark's source; null when absent. */
  public String option(KafkaOption option) {
    return option(option.sparkKey());
  }

  /** A source option by its Spark key, ignoring case as Spark does; null when absent. */
  public String option(String name) {
    for (Map.Entry<String, String> e : sparkOptions.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return e.getValue();
      }
    }
    return null;
  }

  /** How long metadata requests may take. */
  public long timeoutMs() {
    return timeoutMs;
  }

  /**
   * The isolation level the read's consumers use: under {@code read_committed} a partition's latest
   * offset is its last stable one (before the first open transaction), as Spark lists it.
   */
  public IsolationLevel isolationLevel() {
    return isolationLevel(option(ReadKafkaOptions.ISOLATION_LEVEL));
  }

  /**
   * The isolation level a consumer's {@code isolation.level} setting gives (Kafka's default: none).
   */
  static IsolationLevel isolationLevel(String setting) {
    return setting != null && setting.trim().equalsIgnoreCase("read_committed")
        ? IsolationLevel.READ_COMMITTED
        : IsolationLevel.READ_UNCOMMITTED;
  }

  /** Options to list offsets as this read's consumers see them ({@link #isolationLevel()}). */
  public ListOffsetsOptions listOffsetsOptions() {
    return new ListOffsetsOptions(isolationLevel());
  }

  /** A shared admin client for this read's brokers and settings; never close it. */
  public Admin admin() {
    return AdminClients.get(adminProperties());
  }

  /**
   * An admin client of its own for these brokers and settings, which resolves and connects to the
   * bootstrap addresses anew (a shared one keeps talking to the brokers it found first); close it.
   */
  public Admin newAdmin() {
    return Admin.create(adminProperties());
  }

  /** Forgets the shared admin client after a failure, so the next use connects afresh. */
  public void evictAdmin() {
    AdminClients.evict(adminProperties());
  }

  /**
   * Runs {@code read} with a pooled consumer that reads this read's records as Spark would (see
   * {@link #consumerProperties()}), unassigned. Returning null means the read failed: the consumer
   * is then closed rather than reused.
   */
  public <T> T withConsumer(Function<KafkaConsumer<byte[], byte[]>, T> read) {
    return ProbeConsumers.lend(consumerProperties(), read);
  }

  /**
   * Settings for a consumer that reads this read's records as Spark's tasks would: every {@code
   * kafka.*} consumer setting Spark gets (security, isolation level, fetch settings, given or
   * defaulted by this extension), without a group: the caller assigns partitions and never commits.
   */
  private Properties consumerProperties() {
    return consumerProperties(
        servers, clientSettings, sparkOptions, option(ReadKafkaOptions.ISOLATION_LEVEL));
  }

  /**
   * Fails with {@code KAFKA_SQL_INVALID_OPTION_VALUE} when Kafka's consumer would refuse one of the
   * read's {@code kafka.*} settings (a misspelt security protocol, a number that is not one), as
   * Kafka's own configuration parses them; before, the client's constructor threw it from deep
   * inside the preflight, or Spark's tasks did. Contacts nothing.
   */
  public static void checkClientSettings(
      String servers, Map<String, String> clientSettings, Map<String, String> sparkOptions) {
    Properties props = consumerProperties(servers, clientSettings, sparkOptions, null);
    // As the instance's consumers get it (the option is case-insensitive here, not in Kafka).
    props.computeIfPresent(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        (k, v) -> v.toString().trim().toLowerCase(Locale.ROOT));
    try {
      ConsumerConfig.configDef().parse(props);
    } catch (ConfigException e) {
      throw OptionErrors.kafkaClientSetting(e.getMessage());
    }
  }

  private static Properties consumerProperties(
      String servers,
      Map<String, String> clientSettings,
      Map<String, String> sparkOptions,
      String isolation) {
    Properties props = new Properties();
    clientSettings.forEach(
        (k, v) -> {
          if (ConsumerConfig.configNames().contains(k)) {
            props.put(k, v);
          }
        });
    // Declared kafka.* options (given or defaulted) are among Spark's options, not the passthrough
    // client settings.
    sparkOptions.forEach(
        (k, v) -> {
          if (k.toLowerCase(Locale.ROOT).startsWith(ReadKafkaOptions.KAFKA_PREFIX)) {
            String key = k.substring(ReadKafkaOptions.KAFKA_PREFIX.length());
            if (ConsumerConfig.configNames().contains(key)) {
              props.put(key, v);
            }
          }
        });
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    if (isolation != null) {
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.trim().toLowerCase(Locale.ROOT));
    }
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "kafka-sql-pushdown");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  private Properties adminProperties() {
    return KafkaPreflight.adminProperties(servers, clientSettings, timeoutMs);
  }
}
