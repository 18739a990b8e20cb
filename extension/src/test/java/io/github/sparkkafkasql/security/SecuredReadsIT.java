package io.github.sparkkafkasql.security;

import static io.github.sparkkafkasql.security.SecuredBroker.PLAIN_PASSWORD;
import static io.github.sparkkafkasql.security.SecuredBroker.PLAIN_USER;
import static io.github.sparkkafkasql.security.SecuredBroker.SCRAM256_PASSWORD;
import static io.github.sparkkafkasql.security.SecuredBroker.SCRAM256_USER;
import static io.github.sparkkafkasql.security.SecuredBroker.SCRAM512_PASSWORD;
import static io.github.sparkkafkasql.security.SecuredBroker.SCRAM512_USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import io.github.sparkkafkasql.embedded.SecuredKafka.Listener;
import io.github.sparkkafkasql.embedded.TlsMaterial;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code read_kafka} and streaming tables over each security protocol of a real secured broker:
 * SASL_PLAINTEXT with PLAIN, SASL_SSL with SCRAM-SHA-256 and -512, TLS with a truststore and mutual
 * TLS, every password passed with {@code secret()} (inside the JAAS line, too).
 */
class SecuredReadsIT extends SharedSparkIT {

  static EmbeddedKafka secured;

  @BeforeAll
  static void secrets() {
    secured = SecuredBroker.get();
    spark.conf().set(KafkaSqlConf.secret("plain_pw").key(), PLAIN_PASSWORD);
    spark.conf().set(KafkaSqlConf.secret("scram256_pw").key(), SCRAM256_PASSWORD);
    spark.conf().set(KafkaSqlConf.secret("scram512_pw").key(), SCRAM512_PASSWORD);
    spark.conf().set(KafkaSqlConf.secret("store_pw").key(), TlsMaterial.PASSWORD);
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
        ReadKafkaSql.of(secured.bootstrapServers(listener))
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
        ReadKafkaSql.of(secured.bootstrapServers(listener))
            .option("kafka.security.protocol", "SSL"));
  }

  static ReadKafkaSql withClientCertificate() {
    return tls(Listener.MTLS)
        .option("kafka.ssl.keystore.location", TlsMaterial.get().clientKeystore().toString())
        .option("kafka.ssl.keystore.type", "PKCS12")
        .optionSql("kafka.ssl.keystore.password", "secret('store_pw')")
        .optionSql("kafka.ssl.key.password", "secret('store_pw')");
  }

  /** A batch read and a streaming table over {@code read} both load the whole topic. */
  private static void readsTopic(ReadKafkaSql connection, String table) {
    String topic = SecuredBroker.topic("sec_ok_", 5);
    ReadKafkaSql read = connection.subscribe(topic).option("startingOffsets", "earliest");
    assertThat(spark.sql("SELECT CAST(value AS STRING) FROM " + read).count()).isEqualTo(5);
    Row r =
        spark
            .sql(
                "CREATE STREAMING TABLE "
                    + table
                    + " AS SELECT CAST(value AS STRING) AS v FROM "
                    + read.stream())
            .first();
    assertThat(r.getLong(r.fieldIndex("rows_written"))).isEqualTo(5);
    secured.produce(EmbeddedKafka.numberedRecords(topic, 1, 5, 8, i -> "{\"id\":" + i + "}"));
    spark.sql("REFRESH STREAMING TABLE " + table);
    assertThat(spark.table(table).count()).isEqualTo(8);
    spark.sql("DROP TABLE " + table);
  }

  @Test
  void saslPlaintextWithPlain() {
    readsTopic(sasl(Listener.SASL_PLAINTEXT, "PLAIN", PLAIN_USER, "plain_pw"), "sec_plain");
  }

  @Test
  void saslSslWithScramSha256() {
    readsTopic(sasl(Listener.SASL_SSL, "SCRAM-SHA-256", SCRAM256_USER, "scram256_pw"), "sec_256");
  }

  @Test
  void saslSslWithScramSha512() {
    readsTopic(sasl(Listener.SASL_SSL, "SCRAM-SHA-512", SCRAM512_USER, "scram512_pw"), "sec_512");
  }

  @Test
  void tlsWithATruststore() {
    readsTopic(tls(Listener.SSL), "sec_tls");
  }

  @Test
  void mutualTlsWithAClientCertificate() {
    readsTopic(withClientCertificate(), "sec_mtls");
  }
}
