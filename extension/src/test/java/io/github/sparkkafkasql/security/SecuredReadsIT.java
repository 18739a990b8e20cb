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

  private static EmbeddedKafka secured;

  @BeforeAll
  static void secrets() {
    secured = SecuredBroker.get();
    spark.conf().set(KafkaSqlConf.secret("plain_pw").key(), PLAIN_PASSWORD);
    spark.conf().set(KafkaSqlConf.secret("scram256_pw").key(), SCRAM256_PASSWORD);
    spark.conf().set(KafkaSqlConf.secret("scram512_pw").key(), SCRAM512_PASSWORD);
    spark.conf().set(KafkaSqlConf.secret("store_pw").key(), TlsMaterial.PASSWORD);
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
    readsTopic(
        SecuredBroker.sasl(Listener.SASL_PLAINTEXT, "PLAIN", PLAIN_USER, "plain_pw"), "sec_plain");
  }

  @Test
  void saslSslWithScramSha256() {
    readsTopic(
        SecuredBroker.sasl(Listener.SASL_SSL, "SCRAM-SHA-256", SCRAM256_USER, "scram256_pw"),
        "sec_256");
  }

  @Test
  void saslSslWithScramSha512() {
    readsTopic(
        SecuredBroker.sasl(Listener.SASL_SSL, "SCRAM-SHA-512", SCRAM512_USER, "scram512_pw"),
        "sec_512");
  }

  @Test
  void tlsWithATruststore() {
    readsTopic(SecuredBroker.tls(Listener.SSL), "sec_tls");
  }

  @Test
  void mutualTlsWithAClientCertificate() {
    readsTopic(SecuredBroker.withClientCertificate(), "sec_mtls");
  }
}
