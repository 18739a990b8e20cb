package io.github.sparkkafkasql.dist;

import static io.github.sparkkafkasql.dist.Packages.DELTA;
import static io.github.sparkkafkasql.dist.Packages.DELTA_CATALOG;
import static io.github.sparkkafkasql.dist.Packages.DELTA_EXTENSIONS;
import static io.github.sparkkafkasql.dist.Packages.EXTENSION;
import static io.github.sparkkafkasql.dist.Packages.KAFKA_SQL_EXTENSIONS;
import static io.github.sparkkafkasql.dist.Packages.fields;
import static io.github.sparkkafkasql.dist.Packages.refreshFields;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.KafkaBrokerExtension;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The extension as a user installs it: {@code ./mvnw install}, then {@code spark-submit --packages
 * io.github.sparkkafkasql:spark-kafka-sql_2.13:<version>} on a Spark home that has only Spark's
 * jars. SparkSubmit resolves the coordinate with Ivy from the user's local Maven repository, the
 * one the build installed the extension into. {@link LocalClusterIT} runs the other order of the
 * two extensions.
 */
@ExtendWith(KafkaBrokerExtension.class)
class InstallAsUsersIT {

  private static final String TOPIC = "install_events";

  private static SparkHome home;
  private static String bootstrap;

  @BeforeAll
  static void setUp(EmbeddedKafka kafka) {
    bootstrap = kafka.bootstrapServers();
    home =
        SparkHome.assemble(
            Path.of(System.getProperty("dist.sparkClasspath")),
            Path.of(System.getProperty("dist.workDir")).resolve("spark-home-install"));
    // Records 0..299 round-robin over three partitions; the value is the number.
    kafka.createTopic(TOPIC, 3);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      records.add(
          new ProducerRecord<>(
              TOPIC, i % 3, ("k" + i).getBytes(UTF_8), Integer.toString(i).getBytes(UTF_8)));
    }
    kafka.produce(records);
  }

  private static ReadKafkaSql readKafka() {
    return ReadKafkaSql.of(bootstrap).subscribe(TOPIC).option("startingOffsets", "earliest");
  }

  @Test
  void theCoordinateAloneBringsReadKafkaAndNothingSparkAlreadyHas() {
    Result result =
        SparkSubmit.named(home, "extension-alone")
            .packages(EXTENSION)
            .conf("spark.sql.extensions", KAFKA_SQL_EXTENSIONS)
            .conf("spark.sql.shuffle.partitions", "4")
            .run(
                "SELECT count(*), sum(CAST(CAST(value AS STRING) AS INT)),"
                    + " count(DISTINCT partition, offset) FROM "
                    + readKafka()
                    + ";\n"
                    // Spark's Avro SQL functions come with the coordinate (spark-avro).
                    + "SELECT from_avro(to_avro(CAST(value AS STRING), '[\"null\",\"string\"]'),"
                    + " '[\"null\",\"string\"]'), schema_of_avro('{\"type\":\"record\","
                    + "\"name\":\"R\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}') FROM "
                    + readKafka()
                    + " WHERE partition = 0 AND offset = 0;\n");

    assertThat(result.statement(1).rows()).containsExactly("300|44850|300");
    assertThat(result.statement(2).rows()).containsExactly("0|STRUCT<id: BIGINT NOT NULL>");
    // Exactly our jar, Spark's Kafka connector and what the connector needs that a Spark
    // distribution lacks, Spark's Avro functions, and Quartz (cron schedules): no Spark, Scala or
    // Hadoop jar, no second copy of anything in jars/.
    String spark = System.getProperty("dist.sparkVersion");
    assertThat(Packages.coordinates(result.resolvedModules()))
        .containsExactlyInAnyOrder(
            EXTENSION,
            "org.apache.spark:spark-sql-kafka-0-10_2.13:" + spark,
            "org.apache.spark:spark-avro_2.13:" + spark,
            "org.apache.spark:spark-token-provider-kafka-0-10_2.13:" + spark,
            "org.apache.kafka:kafka-clients:" + System.getProperty("dist.kafkaVersion"),
            "org.apache.commons:commons-pool2:2.13.1",
            "org.quartz-scheduler:quartz:2.5.2");
    Set<String> sparkJars =
        home.jars().stream().map(SparkHome.MavenJar::artifactId).collect(Collectors.toSet());
    assertThat(result.resolvedModules()).noneMatch(m -> sparkJars.contains(m.name()));
    assertThat(result.jars())
        .containsAll(result.resolvedModules().stream().map(Result.Module::jarName).toList());
    Packages.assertInstalledJarWasUsed(result);
  }

  /**
   * With Delta's package and catalog, our extension listed first, on the Hive metastore as
   * spark-sql and the Thrift server use it: read_kafka, our statements and Delta's own statements
   * all work.
   */
  @Test
  void withDeltaListedAfterIt() {
    Result result =
        SparkSubmit.named(home, "ours-then-delta")
            .packages(EXTENSION, DELTA)
            .conf("spark.sql.extensions", KAFKA_SQL_EXTENSIONS + "," + DELTA_EXTENSIONS)
            .conf("spark.sql.catalog.spark_catalog", DELTA_CATALOG)
            // docs/troubleshooting.md's advice for small clusters: Delta's first read of a table
            // otherwise runs 50 tasks.
            .conf("spark.databricks.delta.snapshotPartitions", "4")
            .conf("spark.sql.shuffle.partitions", "4")
            .appArgs("--hive")
            .run(
                String.join(
                    "\n",
                    "SELECT count(*), sum(CAST(CAST(value AS STRING) AS INT)),",
                    "       count(DISTINCT partition, offset) FROM " + readKafka() + ";",
                    "CREATE STREAMING TABLE events AS",
                    "SELECT CAST(value AS STRING) AS v, partition, offset",
                    "FROM " + readKafka().stream() + ";",
                    "SELECT count(*), sum(CAST(v AS INT)), count(DISTINCT partition, offset)",
                    "FROM events;",
                    "SHOW STREAMING TABLES;",
                    "DESCRIBE HISTORY events;",
                    ""));

    assertThat(result.statement(1).rows()).containsExactly("300|44850|300");
    assertThat(refreshFields(result.statement(2).rows())).containsExactly("events|300|0|null|1");
    assertThat(result.statement(3).rows()).containsExactly("300|44850|300");
    assertThat(fields(result.statement(4).rows(), 3)).containsExactly("default|events|SUCCEEDED");
    // DESCRIBE HISTORY is Delta's statement, parsed by Delta's parser behind ours; the operation
    // is the fifth column. The refresh records its outcome in its history, not in a Delta commit.
    assertThat(result.statement(5).rows())
        .extracting(row -> row.split("\\|")[4])
        .containsExactly("STREAMING UPDATE", "CREATE TABLE");
    Packages.assertOneKafkaAndNoSpark(result);
  }
}
