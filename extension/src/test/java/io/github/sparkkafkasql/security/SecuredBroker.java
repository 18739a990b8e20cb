package io.github.sparkkafkasql.security;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import io.github.sparkkafkasql.embedded.SecuredKafka.Listener;
import io.github.sparkkafkasql.embedded.TlsMaterial;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The secured broker of the security tests, started once per test JVM (on first use) and stopped
 * when the JVM exits, with its users and ACLs: each reader may read the topics named {@code
 * sec_ok_…} and use the groups Spark makes ({@code spark-kafka-…}) and {@code ok-group…}; topics
 * named {@code sec_describe_only_…} it may describe but not read; anything else it may not touch.
 */
final class SecuredBroker {

  static final String PLAIN_USER = "carol";
  static final String PLAIN_PASSWORD = "carol-Pw-7731";
  static final String SCRAM256_USER = "alice";
  static final String SCRAM256_PASSWORD = "alice-Pw-5519";
  static final String SCRAM512_USER = "bob";
  static final String SCRAM512_PASSWORD = "bob-Pw-8842";
  static final String ROTATING_USER = "rotor";
  static final String ROTATING_PASSWORD = "rotor-Pw-0001";

  private static final List<String> READERS =
      List.of(
          "User:" + PLAIN_USER,
          "User:" + SCRAM256_USER,
          "User:" + SCRAM512_USER,
          "User:" + ROTATING_USER,
          "User:ANONYMOUS",
          "User:reader-tls");

  private static EmbeddedKafka broker;

  private SecuredBroker() {}

  static synchronized EmbeddedKafka get() {
    if (broker == null) {
      EmbeddedKafka kafka =
          EmbeddedKafka.secured()
              .plainUser(PLAIN_USER, PLAIN_PASSWORD)
              .scramUser("SCRAM-SHA-256", SCRAM256_USER, SCRAM256_PASSWORD)
              .scramUser("SCRAM-SHA-512", SCRAM512_USER, SCRAM512_PASSWORD)
              .scramUser("SCRAM-SHA-256", ROTATING_USER, ROTATING_PASSWORD)
              .start();
      for (String reader : READERS) {
        kafka.allow(
            reader,
            new ResourcePattern(ResourceType.TOPIC, "sec_ok_", PatternType.PREFIXED),
            AclOperation.READ,
            AclOperation.DESCRIBE);
        kafka.allow(
            reader,
            new ResourcePattern(ResourceType.TOPIC, "sec_describe_only_", PatternType.PREFIXED),
            AclOperation.DESCRIBE);
        kafka.allow(
            reader,
            new ResourcePattern(ResourceType.GROUP, "spark-kafka-", PatternType.PREFIXED),
            AclOperation.READ,
            AclOperation.DESCRIBE);
        kafka.allow(
            reader,
            new ResourcePattern(ResourceType.GROUP, "ok-group", PatternType.PREFIXED),
            AclOperation.READ,
            AclOperation.DESCRIBE);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
      broker = kafka;
    }
    return broker;
  }

  /** A new topic {@code <prefix><unique>} with {@code count} records in one partition. */
  static String topic(String prefix, int count) {
    String name = prefix + UUID.randomUUID().toString().replace("-", "");
    get().createTopic(name, 1);
    get().produce(EmbeddedKafka.numberedRecords(name, 1, 0, count, i -> "{\"id\":" + i + "}"));
    return name;
  }

  /** A JAAS line with the password from {@code secret(name)}, as SQL. */
  static String jaasSql(String module, String user, String secret) {
    return "concat('org.apache.kafka.common.security."
        + module
        + " required username=\""
        + user
        + "\" password=\"', secret('"
        + secret
        + "'), '\";')";
  }

  static ReadKafkaSql sasl(Listener listener, String mechanism, String user, String secret) {
    String module = mechanism.equals("PLAIN") ? "plain.PlainLoginModule" : "scram.ScramLoginModule";
    ReadKafkaSql read =
        ReadKafkaSql.of(get().bootstrapServers(listener))
            .option("kafka.security.protocol", listener.name())
            .option("kafka.sasl.mechanism", mechanism)
            .optionSql("kafka.sasl.jaas.config", jaasSql(module, user, secret));
    return listener == Listener.SASL_SSL ? trusting(read) : read;
  }

  static ReadKafkaSql trusting(ReadKafkaSql read) {
    return read.option("kafka.ssl.truststore.location", TlsMaterial.get().truststore().toString())
        .option("kafka.ssl.truststore.type", "PKCS12")
        .optionSql("kafka.ssl.truststore.password", "secret('store_pw')");
  }

  static ReadKafkaSql tls(Listener listener) {
    return trusting(
        ReadKafkaSql.of(get().bootstrapServers(listener)).option("kafka.security.protocol", "SSL"));
  }

  static ReadKafkaSql withClientCertificate() {
    return tls(Listener.MTLS)
        .option("kafka.ssl.keystore.location", TlsMaterial.get().clientKeystore().toString())
        .option("kafka.ssl.keystore.type", "PKCS12")
        .optionSql("kafka.ssl.keystore.password", "secret('store_pw')")
        .optionSql("kafka.ssl.key.password", "secret('store_pw')");
  }
}
