package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.CapturedLogs;
import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A definition's secrets never appear in table properties, DESCRIBE, table history or EXPLAIN (also
 * of a pushed-down read). (Delta refuses SHOW CREATE TABLE, so there is nothing to check there.)
 */
class SecretsIT extends SharedSparkIT {

  private static final String SECRET = "s3cr3t-Value-123";

  private static String everything(String sql) {
    StringBuilder all = new StringBuilder();
    for (Row r : spark.sql(sql).collectAsList()) {
      all.append(r.mkString("|")).append('\n');
    }
    return all.toString();
  }

  /**
   * A secret may hold any option's value (an address, a topic): errors about that value do not show
   * it. Nor do they show the credentials of a URL.
   */
  @Test
  void errorsShowNeitherSecretValuesNorUrlCredentials(EmbeddedKafka kafka) {
    spark.conf().set(KafkaSqlConf.secret("hidden_address").key(), "hidden-Addr-4410");
    AnalysisException address =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "SELECT * FROM read_kafka(bootstrapServers => secret('hidden_address'),"
                        + " subscribe => 't')"));
    assertThat(address.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
    assertThat(address.getMessage()).doesNotContain("hidden-Addr-4410").contains("(not shown)");

    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 1);
    AnalysisException registry =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "SELECT * FROM "
                        + ReadKafkaSql.of(kafka.bootstrapServers())
                            .subscribe(topic)
                            .option("valueFormat", "avro")
                            .option(
                                "schemaRegistryAddress", "http://loader:Url-Pw-4410@127.0.0.1:1")
                            .sql()));
    assertThat(registry.getCondition()).isEqualTo("KAFKA_SQL_SCHEMA_REGISTRY_UNREACHABLE");
    assertThat(registry.getMessage())
        .doesNotContain("Url-Pw-4410")
        .contains("http://(not shown)@127.0.0.1:1");
  }

  @Test
  void secretsAreReferencedNeverStored(EmbeddedKafka kafka) {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 3);
    spark.conf().set(KafkaSqlConf.secret("truststore_pw").key(), SECRET);
    ReadKafkaSql read =
        ReadKafkaSql.of(kafka.bootstrapServers())
            .subscribe(topic)
            .option("startingOffsets", "earliest")
            .optionSql("kafka.ssl.truststore.password", "secret('truststore_pw')");
    Row r =
        spark
            .sql(
                "CREATE STREAMING TABLE guarded AS SELECT CAST(value AS STRING) AS v FROM STREAM "
                    + read)
            .first();
    assertThat(r.getLong(r.fieldIndex("rows_written"))).isEqualTo(3);

    String seen =
        everything("SHOW TBLPROPERTIES guarded")
            + everything("DESCRIBE TABLE EXTENDED guarded")
            + everything("DESCRIBE HISTORY guarded")
            + everything("EXPLAIN EXTENDED SELECT * FROM " + read)
            + everything("SELECT secret('truststore_pw')");
    assertThat(seen).contains("secret('truststore_pw')").doesNotContain(SECRET);
    // Pushdown builds a relation of its own from the resolved options, and its LIMIT probe a
    // consumer; a refresh runs Spark's source: none shows the secret, in EXPLAIN or in the logs.
    String logged;
    try (CapturedLogs logs =
        new CapturedLogs(
            List.of(
                "org.apache.kafka.clients",
                "org.apache.kafka.common.config",
                "org.apache.spark.sql.kafka010",
                "io.github.sparkkafkasql"))) {
      String explain = "EXPLAIN EXTENDED SELECT * FROM " + read + " WHERE partition = 0 LIMIT 2";
      // A read this small runs on the driver (a LocalRelation); without that, Spark's source.
      assertThat(everything(explain)).contains("LocalRelation").doesNotContain(SECRET);
      spark.conf().set("spark.kafkaSql.pushdown.localReadMaxRecords", "0");
      String pushed;
      try {
        pushed = everything(explain);
      } finally {
        spark.conf().unset("spark.kafkaSql.pushdown.localReadMaxRecords");
      }
      assertThat(pushed).contains("read_kafka(pushed: (partition = 0), LIMIT 2)");
      assertThat(pushed).doesNotContain(SECRET);
      assertThat(spark.sql("SELECT * FROM " + read + " WHERE partition = 0 LIMIT 2").count())
          .isEqualTo(2);
      spark.sql("REFRESH STREAMING TABLE guarded FULL");
      logged = logs.text();
    }
    assertThat(logged).contains("ssl.truststore.password = [hidden]").doesNotContain(SECRET);

    // A session without the secret cannot refresh, and says which secret to set.
    SparkSession other = spark.newSession();
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> other.sql("REFRESH STREAMING TABLE guarded"));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SECRET_NOT_FOUND");
    assertThat(e.getMessage())
        .doesNotContain(SECRET)
        .contains(KafkaSqlConf.secret("truststore_pw").key());
    spark.sql("DROP TABLE guarded");
  }
}
