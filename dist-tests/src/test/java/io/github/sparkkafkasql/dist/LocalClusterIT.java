package io.github.sparkkafkasql.dist;

import static io.github.sparkkafkasql.dist.Packages.DELTA;
import static io.github.sparkkafkasql.dist.Packages.DELTA_CATALOG;
import static io.github.sparkkafkasql.dist.Packages.DELTA_EXTENSIONS;
import static io.github.sparkkafkasql.dist.Packages.EXTENSION;
import static io.github.sparkkafkasql.dist.Packages.KAFKA_SQL_EXTENSIONS;
import static io.github.sparkkafkasql.dist.Packages.refreshFields;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.KafkaBrokerExtension;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import io.github.sparkkafkasql.embedded.SecuredKafka;
import io.github.sparkkafkasql.embedded.TlsMaterial;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * More than one machine: Spark's {@code local-cluster[2,1,1024]} master runs a standalone master,
 * two workers and one executor JVM per worker, launched from the Spark home's {@code jars/} like on
 * a real cluster. The extension and Delta reach the executors the way {@code --packages} ships them
 * (spark.jars, fetched from the driver). Batch reads and refreshes must run their tasks on both
 * executors and give exact results, also over SASL_SSL with SCRAM against a secured broker.
 */
@ExtendWith(KafkaBrokerExtension.class)
class LocalClusterIT {

  private static final String TOPIC = "cluster_clicks";
  private static final int PARTITIONS = 4;
  private static final String SECURED_TOPIC = "secured_clicks";
  private static final String SECURED_USER = "cluster-reader";
  private static final String SECURED_PASSWORD = "cluster-Pw-3107";

  @Test
  void readKafkaAndStreamingTablesRunOnBothExecutors(EmbeddedKafka kafka) {
    try (EmbeddedKafka secured = securedBroker()) {
      runOnBothExecutors(kafka, secured);
    }
  }

  /**
   * A broker that takes SCRAM-SHA-512 logins over SASL_SSL, where {@value #SECURED_USER} may read
   * {@value #SECURED_TOPIC}: the executors read it with the credentials the driver resolved.
   */
  private static EmbeddedKafka securedBroker() {
    EmbeddedKafka secured =
        EmbeddedKafka.secured().scramUser("SCRAM-SHA-512", SECURED_USER, SECURED_PASSWORD).start();
    secured.allow(
        "User:" + SECURED_USER,
        new ResourcePattern(ResourceType.TOPIC, SECURED_TOPIC, PatternType.LITERAL),
        AclOperation.READ,
        AclOperation.DESCRIBE);
    secured.allow(
        "User:" + SECURED_USER,
        new ResourcePattern(ResourceType.GROUP, "spark-kafka-", PatternType.PREFIXED),
        AclOperation.READ);
    secured.createTopic(SECURED_TOPIC, PARTITIONS);
    secured.produce(
        EmbeddedKafka.numberedRecords(
            SECURED_TOPIC, PARTITIONS, 0, 1000, i -> "{\"id\":" + i + "}"));
    return secured;
  }

  private static ReadKafkaSql securedSource(EmbeddedKafka secured) {
    return ReadKafkaSql.of(secured.bootstrapServers(SecuredKafka.Listener.SASL_SSL))
        .subscribe(SECURED_TOPIC)
        .option("startingOffsets", "earliest")
        .option("kafka.security.protocol", "SASL_SSL")
        .option("kafka.sasl.mechanism", "SCRAM-SHA-512")
        .optionSql(
            "kafka.sasl.jaas.config",
            "concat('org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\""
                + SECURED_USER
                + "\" password=\"', secret('cluster_pw'), '\";')")
        .option("kafka.ssl.truststore.location", TlsMaterial.get().truststore().toString())
        .option("kafka.ssl.truststore.type", "PKCS12")
        .optionSql("kafka.ssl.truststore.password", "secret('truststore_pw')");
  }

  private void runOnBothExecutors(EmbeddedKafka kafka, EmbeddedKafka secured) {
    kafka.createTopic(TOPIC, PARTITIONS);
    kafka.produce(records(0, 4000));
    SparkHome home =
        SparkHome.assemble(
            Path.of(System.getProperty("dist.sparkClasspath")),
            Path.of(System.getProperty("dist.workDir")).resolve("spark-home-cluster"));
    ReadKafkaSql source =
        ReadKafkaSql.of(kafka.bootstrapServers())
            .subscribe(TOPIC)
            .option("startingOffsets", "earliest");

    SparkSubmit.Running run =
        SparkSubmit.named(home, "local-cluster")
            .master("local-cluster[2,1,1024]")
            .packages(EXTENSION, DELTA)
            // Delta's extension first: InstallAsUsersIT runs the other order.
            .conf("spark.sql.extensions", DELTA_EXTENSIONS + "," + KAFKA_SQL_EXTENSIONS)
            .conf("spark.sql.catalog.spark_catalog", DELTA_CATALOG)
            // docs/troubleshooting.md's advice for small clusters: Delta's first read of a table
            // otherwise runs 50 tasks.
            .conf("spark.databricks.delta.snapshotPartitions", "4")
            .conf("spark.sql.shuffle.partitions", "4")
            // Secrets from the driver's environment, as docs/security.md advises: not on the
            // command line.
            .env("KAFKA_SQL_SECRET_CLUSTER_PW", SECURED_PASSWORD)
            .env("KAFKA_SQL_SECRET_TRUSTSTORE_PW", TlsMaterial.PASSWORD)
            .appArgs("--executors", "2")
            .start(
                String.join(
                    "\n",
                    "SELECT count(*), sum(CAST(value::string:id AS BIGINT)),",
                    "       count(DISTINCT partition, offset), count(DISTINCT partition)",
                    "FROM " + source + ";",
                    "CREATE STREAMING TABLE clicks (k STRING, v INT, partition INT, offset BIGINT,",
                    "  CONSTRAINT not_round EXPECT (v % 100 <> 0) ON VIOLATION DROP ROW)",
                    "AS SELECT CAST(key AS STRING) AS k, value::string:id AS v, partition, offset",
                    "FROM " + source.stream() + ";",
                    "--PAUSE more",
                    "REFRESH STREAMING TABLE clicks;",
                    "SELECT count(*), sum(v), count(DISTINCT partition, offset), count(DISTINCT k)",
                    "FROM clicks;",
                    "DESCRIBE HISTORY clicks;",
                    "CREATE STREAMING TABLE secured_clicks AS SELECT value::string:id AS v,",
                    "  partition FROM " + securedSource(secured).stream() + ";",
                    "SELECT count(*), sum(CAST(v AS BIGINT)), count(DISTINCT partition)",
                    "FROM secured_clicks;",
                    ""));
    run.awaitPause("more");
    kafka.produce(records(4000, 5000));
    run.resume("more");
    Result result = run.awaitResult();

    // Ids 0..3999 over four partitions, then 4000..4999 (sums 7998000 and 4499500). The
    // expectation drops the multiples of 100: 40 of the first 4000 (their sum is 78000), 10 of the
    // next 1000 (44500). Dropped rows are counted on the executors and summed on the driver.
    assertThat(result.statement(1).rows()).containsExactly("4000|7998000|4000|4");
    assertThat(refreshFields(result.statement(2).rows()))
        .containsExactly("clicks|3960|40|{\"not_round\":40}|1");
    assertThat(refreshFields(result.statement(3).rows()))
        .containsExactly("clicks|990|10|{\"not_round\":10}|1");
    assertThat(result.statement(4).rows()).containsExactly("4950|12375000|4950|4950");
    assertThat(result.statement(5).rows())
        .extracting(row -> row.split("\\|")[4])
        .containsExactly("STREAMING UPDATE", "STREAMING UPDATE", "CREATE TABLE");
    Packages.assertOneKafkaAndNoSpark(result);
    // The reads of four Kafka partitions (the batch query, the first refresh, the second one)
    // ran tasks on both executors.
    for (int n : new int[] {1, 2, 3, 6}) {
      assertThat(result.statement(n).executors()).as("statement %d", n).containsExactly("0", "1");
    }
    // Over SASL_SSL with SCRAM: ids 0..999 on four partitions, read by both executors.
    assertThat(result.statement(7).rows()).containsExactly("1000|499500|4");
    assertThat(result.log()).doesNotContain(SECURED_PASSWORD);
  }

  private static List<ProducerRecord<byte[], byte[]>> records(int from, int to) {
    return EmbeddedKafka.numberedRecords(TOPIC, PARTITIONS, from, to, i -> "{\"id\":" + i + "}");
  }
}
