package io.github.sparkkafkasql.security;

import static io.github.sparkkafkasql.security.SecuredBroker.PLAIN_PASSWORD;
import static io.github.sparkkafkasql.security.SecuredBroker.PLAIN_USER;
import static io.github.sparkkafkasql.security.SecuredBroker.ROTATING_PASSWORD;
import static io.github.sparkkafkasql.security.SecuredBroker.ROTATING_USER;
import static io.github.sparkkafkasql.security.SecuredBroker.SCRAM256_PASSWORD;
import static io.github.sparkkafkasql.security.SecuredBroker.SCRAM256_USER;
import static io.github.sparkkafkasql.security.SecuredBroker.SCRAM512_PASSWORD;
import static io.github.sparkkafkasql.security.SecuredBroker.SCRAM512_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.CapturedLogs;
import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import io.github.sparkkafkasql.embedded.SecuredKafka.Listener;
import io.github.sparkkafkasql.embedded.TlsMaterial;
import java.util.List;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.execution.ui.SQLAppStatusStore;
import org.apache.spark.sql.execution.ui.SQLExecutionUIData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code read_kafka} and streaming tables over each security protocol of a real secured broker:
 * SASL_PLAINTEXT with PLAIN, SASL_SSL with SCRAM-SHA-256 and -512, TLS with a truststore and mutual
 * TLS, every password passed with {@code secret()} (inside the JAAS line, too).
 */
class SecuredReadsIT extends SharedSparkIT {

  @BeforeAll
  static void secrets() {
    SecuredBroker.get();
    spark.conf().set(KafkaSqlConf.secret("plain_pw").key(), PLAIN_PASSWORD);
    spark.conf().set(KafkaSqlConf.secret("scram256_pw").key(), SCRAM256_PASSWORD);
    spark.conf().set(KafkaSqlConf.secret("scram512_pw").key(), SCRAM512_PASSWORD);
    spark.conf().set(KafkaSqlConf.secret("store_pw").key(), TlsMaterial.PASSWORD);
  }

  /** A batch read and a streaming table's first refresh over {@code read} load the whole topic. */
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
    // Refreshes over a secured listener: aRotatedSecretTakesEffectOnTheNextRefresh.
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

  private static String everything(String sql) {
    StringBuilder all = new StringBuilder();
    for (Row r : spark.sql(sql).collectAsList()) {
      all.append(r.mkString("|")).append('\n');
    }
    return all.toString();
  }

  /** What the Spark UI's SQL tab shows: each execution's description, details, plan and error. */
  private static String sqlTab() throws Exception {
    spark.sparkContext().listenerBus().waitUntilEmpty();
    StringBuilder all = new StringBuilder();
    SQLAppStatusStore store = ((SparkSession) spark).sharedState().statusStore();
    for (SQLExecutionUIData e : CollectionConverters.asJava(store.executionsList())) {
      all.append(e.description()).append('\n').append(e.details()).append('\n');
      all.append(e.physicalPlanDescription()).append('\n');
      all.append(e.errorMessage().getOrElse(() -> "")).append('\n');
    }
    return all.toString();
  }

  @Test
  void passwordsNeverShow() throws Exception {
    String topic = SecuredBroker.topic("sec_ok_", 3);
    ReadKafkaSql read =
        SecuredBroker.sasl(Listener.SASL_SSL, "SCRAM-SHA-256", SCRAM256_USER, "scram256_pw")
            .subscribe(topic)
            .option("startingOffsets", "earliest");
    String seen;
    String logged;
    try (CapturedLogs logs =
        new CapturedLogs(
            List.of(
                "org.apache.kafka", "org.apache.spark", "io.delta", "io.github.sparkkafkasql"))) {
      spark.sql(
          "CREATE STREAMING TABLE sec_leaks AS SELECT CAST(value AS STRING) AS v FROM "
              + read.stream());
      spark.sql("REFRESH STREAMING TABLE sec_leaks");
      assertThat(spark.sql("SELECT * FROM " + read + " LIMIT 2").count()).isEqualTo(2);
      assertThat(spark.sql("SELECT * FROM " + read).count()).isEqualTo(3);
      // The same read with the trust store's password written as a literal.
      String literal =
          read.toString().replace("secret('store_pw')", "'" + TlsMaterial.PASSWORD + "'");
      // Or as an expression: it is evaluated for the read and redacted in the plan.
      String concatenated =
          read.toString()
              .replace("secret('store_pw')", "concat('" + TlsMaterial.PASSWORD + "', '')");
      assertThat(spark.sql("SELECT * FROM " + concatenated).count()).isEqualTo(3);
      String piped =
          read.toString().replace("secret('store_pw')", "'" + TlsMaterial.PASSWORD + "' || ''");
      seen =
          everything("EXPLAIN EXTENDED SELECT * FROM " + read)
              + everything("EXPLAIN EXTENDED SELECT * FROM " + literal)
              + everything("EXPLAIN EXTENDED SELECT * FROM " + concatenated)
              + everything("EXPLAIN EXTENDED SELECT * FROM " + piped)
              + everything("EXPLAIN FORMATTED SELECT * FROM " + read + " WHERE offset > 0")
              + everything("DESCRIBE STREAMING TABLE sec_leaks")
              + everything("DESCRIBE TABLE EXTENDED sec_leaks")
              + everything("SHOW TBLPROPERTIES sec_leaks")
              + everything("DESCRIBE HISTORY sec_leaks");
      seen += sqlTab();
      logged = logs.text();
    }
    // The literal password: the parsed plan shows it redacted.
    assertThat(seen)
        .contains("secret('scram256_pw')", "*********(redacted)")
        .doesNotContain(SCRAM256_PASSWORD)
        .doesNotContain(TlsMaterial.PASSWORD);
    assertThat(logged)
        .contains("sasl.jaas.config = [hidden]")
        .doesNotContain(SCRAM256_PASSWORD)
        .doesNotContain(TlsMaterial.PASSWORD);
    spark.sql("DROP TABLE sec_leaks");
  }

  /**
   * Turning TLS on for a table: {@code CREATE OR REFRESH} moves it from the SASL_PLAINTEXT listener
   * to the SASL_SSL one of the same cluster (another port, mechanism and user), and the table keeps
   * its positions: the next load is the new records only.
   */
  @Test
  void aTableMovesToTheClustersTlsListenerAndKeepsItsPositions() {
    String topic = SecuredBroker.topic("sec_ok_", 3);
    String table = "sec_moved";
    String select =
        "CREATE OR REFRESH STREAMING TABLE "
            + table
            + " AS SELECT CAST(value AS STRING) AS v FROM ";
    ReadKafkaSql plaintext =
        SecuredBroker.sasl(Listener.SASL_PLAINTEXT, "PLAIN", PLAIN_USER, "plain_pw")
            .subscribe(topic)
            .option("startingOffsets", "earliest");
    spark.sql(select + plaintext.stream()).collectAsList();
    assertThat(spark.table(table).count()).isEqualTo(3);

    SecuredBroker.get()
        .produce(EmbeddedKafka.numberedRecords(topic, 1, 3, 5, i -> "{\"id\":" + i + "}"));
    ReadKafkaSql tls =
        SecuredBroker.sasl(Listener.SASL_SSL, "SCRAM-SHA-256", SCRAM256_USER, "scram256_pw")
            .subscribe(topic)
            .option("startingOffsets", "earliest");
    Row moved = spark.sql(select + tls.stream()).first();
    assertThat(moved.getLong(moved.fieldIndex("rows_written"))).isEqualTo(2);
    assertThat(spark.sql("SELECT count(DISTINCT v) FROM " + table).first().getLong(0)).isEqualTo(5);
    assertThat(spark.table(table).count()).isEqualTo(5);
    spark.sql("DROP TABLE " + table);
  }

  @Test
  void aRotatedSecretTakesEffectOnTheNextRefresh() {
    String secret = KafkaSqlConf.secret("rotor_pw").key();
    spark.conf().set(secret, ROTATING_PASSWORD);
    String topic = SecuredBroker.topic("sec_ok_", 2);
    ReadKafkaSql read =
        SecuredBroker.sasl(Listener.SASL_SSL, "SCRAM-SHA-256", ROTATING_USER, "rotor_pw")
            .subscribe(topic)
            .option("startingOffsets", "earliest");
    spark.sql(
        "CREATE STREAMING TABLE sec_rotation AS SELECT CAST(value AS STRING) AS v FROM "
            + read.stream());
    assertThat(spark.table("sec_rotation").count()).isEqualTo(2);

    // The cluster rotates the password, and so does the secret: no DDL.
    String rotated = "rotor-Pw-0002";
    SecuredBroker.get().setScramPassword(ROTATING_USER, ScramMechanism.SCRAM_SHA_256, rotated);
    spark.conf().set(secret, rotated);
    SecuredBroker.get()
        .produce(EmbeddedKafka.numberedRecords(topic, 1, 2, 4, i -> "{\"id\":" + i + "}"));
    spark.sql("REFRESH STREAMING TABLE sec_rotation");
    assertThat(spark.table("sec_rotation").count()).isEqualTo(4);

    // The old password no longer logs in.
    spark.conf().set(secret, ROTATING_PASSWORD);
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("REFRESH STREAMING TABLE sec_rotation"));
    assertThat(e).isNotNull();
    assertThat(e.getCondition()).as(e.getMessage()).isEqualTo("KAFKA_SQL_AUTHENTICATION_FAILED");
    assertThat(e.getMessageParameters()).containsEntry("mechanism", "SCRAM-SHA-256");
    assertThat(e.getMessage()).doesNotContain(ROTATING_PASSWORD).doesNotContain(rotated);
    spark.conf().set(secret, rotated);
    spark.sql("DROP TABLE sec_rotation");
  }
}
