package io.github.sparkkafkasql.dist;

import static io.github.sparkkafkasql.dist.Packages.DELTA;
import static io.github.sparkkafkasql.dist.Packages.DELTA_CATALOG;
import static io.github.sparkkafkasql.dist.Packages.DELTA_EXTENSIONS;
import static io.github.sparkkafkasql.dist.Packages.EXTENSION;
import static io.github.sparkkafkasql.dist.Packages.KAFKA_SQL_EXTENSIONS;
import static io.github.sparkkafkasql.dist.Packages.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.KafkaBrokerExtension;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * More than one machine: Spark's {@code local-cluster[2,1,1024]} master runs a standalone master,
 * two workers and one executor JVM per worker, launched from the Spark home's {@code jars/} like on
 * a real cluster. The extension and Delta reach the executors the way {@code --packages} ships them
 * (spark.jars, fetched from the driver). Batch reads and refreshes must run their tasks on both
 * executors and give exact results.
 */
@ExtendWith(KafkaBrokerExtension.class)
class LocalClusterIT {

  private static final String TOPIC = "cluster_clicks";
  private static final int PARTITIONS = 4;

  @Test
  void readKafkaAndStreamingTablesRunOnBothExecutors(EmbeddedKafka kafka) {
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
                    ""));
    run.awaitPause("more");
    kafka.produce(records(4000, 5000));
    run.resume("more");
    Result result = run.awaitResult();

    // Ids 0..3999 over four partitions, then 4000..4999 (sums 7998000 and 4499500). The
    // expectation drops the multiples of 100: 40 of the first 4000 (their sum is 78000), 10 of the
    // next 1000 (44500). Dropped rows are counted on the executors and summed on the driver.
    assertThat(result.statement(1).rows()).containsExactly("4000|7998000|4000|4");
    assertThat(fields(result.statement(2).rows(), 5))
        .containsExactly("clicks|3960|40|{\"not_round\":40}|1");
    assertThat(fields(result.statement(3).rows(), 5))
        .containsExactly("clicks|990|10|{\"not_round\":10}|1");
    assertThat(result.statement(4).rows()).containsExactly("4950|12375000|4950|4950");
    assertThat(result.statement(5).rows())
        .extracting(row -> row.split("\\|")[4])
        .containsExactly(
            "SET TBLPROPERTIES",
            "STREAMING UPDATE",
            "SET TBLPROPERTIES",
            "STREAMING UPDATE",
            "CREATE TABLE");
    Packages.assertOneKafkaAndNoSpark(result);
    // The reads of four Kafka partitions (the batch query, the first refresh, the second one)
    // ran tasks on both executors.
    for (int n : new int[] {1, 2, 3}) {
      assertThat(result.statement(n).executors()).as("statement %d", n).containsExactly("0", "1");
    }
  }

  private static List<ProducerRecord<byte[], byte[]>> records(int from, int to) {
    return EmbeddedKafka.numberedRecords(TOPIC, PARTITIONS, from, to, i -> "{\"id\":" + i + "}");
  }
}
