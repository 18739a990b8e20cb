package io.github.sparkkafkasql.security;

import static io.github.sparkkafkasql.security.SecuredBroker.PLAIN_USER;
import static io.github.sparkkafkasql.security.SecuredBroker.SCRAM256_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import io.github.sparkkafkasql.embedded.SecuredKafka.Listener;
import io.github.sparkkafkasql.embedded.TlsMaterial;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wrong security settings fail the preflight, within the connect bound, with an error that names
 * the cause and the option that fixes it: rejected logins, a client and a listener that disagree
 * (both ways), TLS certificates the client refuses, and missing ACLs on a topic or a group.
 */
class SecurityErrorsIT extends SharedSparkIT {

  private static final long BOUND_MS = 10_000;
  private static final String WRONG_PASSWORD = "Wr0ng-Pw-4410";

  private static EmbeddedKafka secured;

  @BeforeAll
  static void settings() {
    secured = SecuredBroker.get();
    spark.conf().set(KafkaSqlConf.CONNECT_TIMEOUT.key(), BOUND_MS + "ms");
    spark.conf().set(KafkaSqlConf.secret("plain_pw").key(), SecuredBroker.PLAIN_PASSWORD);
    spark.conf().set(KafkaSqlConf.secret("scram256_pw").key(), SecuredBroker.SCRAM256_PASSWORD);
    spark.conf().set(KafkaSqlConf.secret("store_pw").key(), TlsMaterial.PASSWORD);
    spark.conf().set(KafkaSqlConf.secret("wrong_pw").key(), WRONG_PASSWORD);
  }

  /** The error of a batch read, raised within the connect bound. */
  private static AnalysisException fails(ReadKafkaSql connection, String topic) {
    ReadKafkaSql read = connection.subscribe(topic).option("startingOffsets", "earliest");
    long start = System.nanoTime();
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("SELECT * FROM " + read).collect());
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(e).as("error of " + read).isNotNull();
    assertThat(tookMs).as("within the connect bound").isLessThan(BOUND_MS);
    assertThat(e.getMessage())
        .doesNotContain(SecuredBroker.PLAIN_PASSWORD)
        .doesNotContain(SecuredBroker.SCRAM256_PASSWORD)
        .doesNotContain(WRONG_PASSWORD)
        .doesNotContain(TlsMaterial.PASSWORD);
    return e;
  }

  private static Map<String, String> params(AnalysisException e, String condition) {
    assertThat(e.getCondition()).as(e.getMessage()).isEqualTo(condition);
    assertThat(e.getSqlState()).isNotNull();
    return e.getMessageParameters();
  }

  private static String okTopic() {
    return SecuredBroker.topic("sec_ok_", 1);
  }

  @Test
  void wrongPasswordNamesTheMechanismAndTheBroker() {
    Listener l = Listener.SASL_SSL;
    var e = fails(SecuredBroker.sasl(l, "SCRAM-SHA-256", SCRAM256_USER, "wrong_pw"), okTopic());
    assertThat(params(e, "KAFKA_SQL_AUTHENTICATION_FAILED"))
        .containsEntry("mechanism", "SCRAM-SHA-256")
        .containsEntry("servers", secured.bootstrapServers(l))
        .containsEntry("reason", "wrong password or unknown user");
    assertThat(e.getSqlState()).isEqualTo("28000");
  }

  @Test
  void unknownUserNamesTheMechanismAndTheBroker() {
    Listener l = Listener.SASL_PLAINTEXT;
    var e = fails(SecuredBroker.sasl(l, "PLAIN", "mallory", "plain_pw"), okTopic());
    assertThat(params(e, "KAFKA_SQL_AUTHENTICATION_FAILED"))
        .containsEntry("mechanism", "PLAIN")
        .containsEntry("servers", secured.bootstrapServers(l));
  }

  @Test
  void mechanismNotEnabledOnTheListener() {
    Listener l = Listener.SASL_PLAINTEXT;
    var e = fails(SecuredBroker.sasl(l, "SCRAM-SHA-256", SCRAM256_USER, "scram256_pw"), okTopic());
    assertThat(params(e, "KAFKA_SQL_LISTENER_MISMATCH"))
        .containsEntry("listener", "speaks SASL_PLAINTEXT with SASL mechanisms PLAIN")
        .containsEntry("client", "uses `kafka.sasl.mechanism` SCRAM-SHA-256");
    assertThat(e.getMessageParameters().get("fix")).contains("`kafka.sasl.mechanism`", "PLAIN");
  }

  @Test
  void saslClientAgainstATlsListener() {
    ReadKafkaSql read =
        SecuredBroker.trusting(
            ReadKafkaSql.of(secured.bootstrapServers(Listener.SSL))
                .option("kafka.security.protocol", "SASL_SSL")
                .option("kafka.sasl.mechanism", "PLAIN")
                .optionSql(
                    "kafka.sasl.jaas.config",
                    SecuredBroker.jaasSql("plain.PlainLoginModule", PLAIN_USER, "plain_pw")));
    var e = fails(read, okTopic());
    assertThat(params(e, "KAFKA_SQL_LISTENER_MISMATCH"))
        .containsEntry("listener", "speaks SSL")
        .containsEntry("client", "uses `kafka.security.protocol` SASL_SSL");
    assertThat(e.getMessageParameters().get("fix")).contains("`kafka.security.protocol` => 'SSL'");
  }

  @Test
  void tlsClientAgainstASaslListener() {
    var e = fails(SecuredBroker.tls(Listener.SASL_SSL), okTopic());
    assertThat(params(e, "KAFKA_SQL_LISTENER_MISMATCH"))
        .containsEntry(
            "listener", "speaks SASL_SSL with SASL mechanisms PLAIN, SCRAM-SHA-256, SCRAM-SHA-512")
        .containsEntry("client", "uses `kafka.security.protocol` SSL");
    assertThat(e.getMessageParameters().get("fix"))
        .contains("`kafka.security.protocol` => 'SASL_SSL'", "`kafka.sasl.jaas.config`");
  }

  @Test
  void plaintextSaslClientAgainstATlsListener() {
    ReadKafkaSql read =
        ReadKafkaSql.of(secured.bootstrapServers(Listener.SSL))
            .option("kafka.security.protocol", "SASL_PLAINTEXT")
            .option("kafka.sasl.mechanism", "PLAIN")
            .optionSql(
                "kafka.sasl.jaas.config",
                SecuredBroker.jaasSql("plain.PlainLoginModule", PLAIN_USER, "plain_pw"));
    var e = fails(read, okTopic());
    assertThat(params(e, "KAFKA_SQL_LISTENER_MISMATCH"))
        .containsEntry("listener", "speaks SSL")
        .containsEntry("client", "uses `kafka.security.protocol` SASL_PLAINTEXT");
  }

  private static ReadKafkaSql saslPlain(String jaasSql) {
    ReadKafkaSql read =
        ReadKafkaSql.of(secured.bootstrapServers(Listener.SASL_PLAINTEXT))
            .option("kafka.security.protocol", "SASL_PLAINTEXT")
            .option("kafka.sasl.mechanism", "PLAIN");
    return jaasSql == null ? read : read.optionSql("kafka.sasl.jaas.config", jaasSql);
  }

  @Test
  void saslWithoutALoginNamesTheMissingOption() {
    var e = fails(saslPlain(null), okTopic());
    assertThat(params(e, "KAFKA_SQL_MISSING_OPTION"))
        .containsEntry("option", "kafka.sasl.jaas.config");
    assertThat(e.getMessageParameters().get("example"))
        .contains("PlainLoginModule required", "secret(");
  }

  @Test
  void scramWithoutALoginNamesTheScramModule() {
    var e =
        fails(
            ReadKafkaSql.of(secured.bootstrapServers(Listener.SASL_PLAINTEXT))
                .option("kafka.security.protocol", "SASL_PLAINTEXT")
                .option("kafka.sasl.mechanism", "scram-sha-512"),
            okTopic());
    assertThat(params(e, "KAFKA_SQL_MISSING_OPTION"))
        .containsEntry("option", "kafka.sasl.jaas.config");
    assertThat(e.getMessageParameters().get("example")).contains("ScramLoginModule required");
  }

  @Test
  void unreadableLoginIsRefusedWithoutShowingIt() {
    String noControlFlag =
        "concat('org.apache.kafka.common.security.plain.PlainLoginModule username=\"u\""
            + " password=\"', secret('plain_pw'), '\";')";
    var e = fails(saslPlain(noControlFlag), okTopic());
    assertThat(params(e, "KAFKA_SQL_INVALID_OPTION_VALUE"))
        .containsEntry("option", "kafka.sasl.jaas.config")
        .containsEntry("value", "(not shown)");
    assertThat(e.getMessageParameters().get("problem")).contains("control flag");
  }

  @Test
  void unknownLoginModuleIsNamed() {
    String unknown =
        "concat('org.example.NoSuchLoginModule required username=\"u\" password=\"',"
            + " secret('plain_pw'), '\";')";
    var e = fails(saslPlain(unknown), okTopic());
    assertThat(params(e, "KAFKA_SQL_INVALID_OPTION_VALUE"))
        .containsEntry("option", "kafka.sasl.jaas.config");
    assertThat(e.getMessageParameters().get("problem")).contains("org.example.NoSuchLoginModule");
  }

  @Test
  void unknownMechanismIsRefused() {
    var e =
        fails(
            ReadKafkaSql.of(secured.bootstrapServers(Listener.SASL_PLAINTEXT))
                .option("kafka.security.protocol", "SASL_PLAINTEXT")
                .option("kafka.sasl.mechanism", "PLAINN")
                .optionSql(
                    "kafka.sasl.jaas.config",
                    SecuredBroker.jaasSql("plain.PlainLoginModule", PLAIN_USER, "plain_pw")),
            okTopic());
    assertThat(e.getCondition()).as(e.getMessage()).isIn("KAFKA_SQL_LISTENER_MISMATCH");
    assertThat(e.getMessageParameters().get("fix")).contains("PLAIN");
  }

  @Test
  void missingTruststoreFileIsNamed() {
    String missing =
        TlsMaterial.get().truststore().resolveSibling("no-such-truststore.p12").toString();
    var e =
        fails(
            ReadKafkaSql.of(secured.bootstrapServers(Listener.SSL))
                .option("kafka.security.protocol", "SSL")
                .option("kafka.ssl.truststore.location", missing)
                .option("kafka.ssl.truststore.type", "PKCS12")
                .optionSql("kafka.ssl.truststore.password", "secret('store_pw')"),
            okTopic());
    assertThat(params(e, "KAFKA_SQL_INVALID_OPTION_VALUE"))
        .containsEntry("option", "kafka.ssl.truststore.location")
        .containsEntry("value", "'" + missing + "'");
  }

  @Test
  void wrongTruststorePasswordIsNamed() {
    var e =
        fails(
            ReadKafkaSql.of(secured.bootstrapServers(Listener.SSL))
                .option("kafka.security.protocol", "SSL")
                .option("kafka.ssl.truststore.location", TlsMaterial.get().truststore().toString())
                .option("kafka.ssl.truststore.type", "PKCS12")
                .optionSql("kafka.ssl.truststore.password", "secret('wrong_pw')"),
            okTopic());
    assertThat(params(e, "KAFKA_SQL_INVALID_OPTION_VALUE"))
        .containsEntry("option", "kafka.ssl.truststore.password")
        .containsEntry("value", "(not shown)");
  }

  @Test
  void untrustedCertificate() {
    ReadKafkaSql read =
        ReadKafkaSql.of(secured.bootstrapServers(Listener.SSL))
            .option("kafka.security.protocol", "SSL")
            .option("kafka.ssl.truststore.location", TlsMaterial.get().otherTruststore().toString())
            .option("kafka.ssl.truststore.type", "PKCS12")
            .optionSql("kafka.ssl.truststore.password", "secret('store_pw')");
    var e = fails(read, okTopic());
    assertThat(params(e, "KAFKA_SQL_TLS_HANDSHAKE_FAILED"))
        .containsEntry("reason", "the broker's certificate is not signed by a trusted CA");
    assertThat(e.getMessageParameters().get("fix")).contains("`kafka.ssl.truststore.location`");
  }

  @Test
  void hostNameMismatch() {
    var e = fails(SecuredBroker.tls(Listener.SSL_WRONG_HOST), okTopic());
    assertThat(params(e, "KAFKA_SQL_TLS_HANDSHAKE_FAILED"))
        .containsEntry(
            "reason",
            "the broker's certificate is not issued for the host name in `bootstrapServers`");
    assertThat(e.getMessageParameters().get("fix"))
        .contains("`kafka.ssl.endpoint.identification.algorithm`");
  }

  @Test
  void expiredCertificate() {
    var e = fails(SecuredBroker.tls(Listener.SSL_EXPIRED), okTopic());
    assertThat(params(e, "KAFKA_SQL_TLS_HANDSHAKE_FAILED"))
        .containsEntry("reason", "the broker's certificate has expired");
  }

  @Test
  void topicNotAuthorizedIsNotTopicNotFound() {
    ReadKafkaSql alice =
        SecuredBroker.sasl(Listener.SASL_SSL, "SCRAM-SHA-256", SCRAM256_USER, "scram256_pw");
    String denied = SecuredBroker.topic("sec_denied_", 1);
    var e = fails(alice, denied);
    assertThat(params(e, "KAFKA_SQL_TOPIC_NOT_AUTHORIZED"))
        .containsEntry("topics", "`" + denied + "`")
        .containsEntry("servers", secured.bootstrapServers(Listener.SASL_SSL));
    assertThat(e.getSqlState()).isEqualTo("42501");
    assertThat(e.getMessage()).contains("not authorized");

    // May describe but not read: still not authorized.
    String describeOnly = SecuredBroker.topic("sec_describe_only_", 1);
    assertThat(params(fails(alice, describeOnly), "KAFKA_SQL_TOPIC_NOT_AUTHORIZED"))
        .containsEntry("topics", "`" + describeOnly + "`");

    // A topic that does not exist, under a name the principal may describe: not found.
    assertThat(params(fails(alice, "sec_ok_missing_topic"), "KAFKA_SQL_TOPIC_NOT_FOUND"))
        .containsEntry("topics", "`sec_ok_missing_topic`");
  }

  @Test
  void consumerGroupNotAuthorized() {
    ReadKafkaSql alice =
        SecuredBroker.sasl(Listener.SASL_SSL, "SCRAM-SHA-256", SCRAM256_USER, "scram256_pw");
    var e = fails(alice.option("kafka.group.id", "forbidden-group"), okTopic());
    assertThat(params(e, "KAFKA_SQL_GROUP_NOT_AUTHORIZED"))
        .containsEntry("group", "forbidden-group")
        .containsEntry("servers", secured.bootstrapServers(Listener.SASL_SSL));
    assertThat(e.getMessage()).contains("`kafka.group.id`");

    String topic = okTopic();
    ReadKafkaSql allowed =
        alice
            .option("kafka.group.id", "ok-group-1")
            .subscribe(topic)
            .option("startingOffsets", "earliest");
    assertThat(spark.sql("SELECT * FROM " + allowed).count()).isEqualTo(1);
  }

  /**
   * A streaming table that commits its offsets to a group its principal may not read fails at
   * CREATE, before any table exists; with a group it may read, the group follows the table.
   */
  @Test
  void commitOffsetsToAGroupThePrincipalMayNotReadFailsAtCreate() throws Exception {
    ReadKafkaSql alice =
        SecuredBroker.sasl(Listener.SASL_SSL, "SCRAM-SHA-256", SCRAM256_USER, "scram256_pw");
    String topic = okTopic();
    String create = "CREATE STREAMING TABLE sec_commit AS SELECT offset FROM ";
    ReadKafkaSql committing =
        alice
            .subscribe(topic)
            .option("startingOffsets", "earliest")
            .option("commitOffsets", "true");
    ReadKafkaSql denied = committing.option("kafka.group.id", "forbidden-group");
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql(create + denied.stream()).collect());
    assertThat(e).isNotNull();
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_GROUP_NOT_AUTHORIZED");
    assertThat(e.getMessageParameters()).containsEntry("group", "forbidden-group");
    assertThat(spark.catalog().tableExists("sec_commit")).isFalse();

    ReadKafkaSql allowed = committing.option("kafka.group.id", "ok-group-commit");
    try {
      spark.sql(create + allowed.stream()).collect();
      var committed =
          secured
              .admin()
              .listConsumerGroupOffsets("ok-group-commit")
              .partitionsToOffsetAndMetadata()
              .get();
      assertThat(committed.values()).extracting(o -> o.offset()).containsExactly(1L);
    } finally {
      spark.sql("DROP TABLE IF EXISTS sec_commit");
    }
  }
}
