package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * A statement analyses a definition once: resolving {@code read_kafka} checks the brokers and
 * topics (and, with a schema registry, will look schemas up), so each extra analysis is extra round
 * trips. Counted at the broker: only that check sends DescribeCluster requests.
 */
class DefinitionAnalysisIT extends SharedSparkIT {

  private static long brokerChecks() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName pattern =
        new ObjectName(
            "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=DescribeCluster,*");
    long total = 0;
    for (ObjectName name : server.queryNames(pattern, null)) {
      total += ((Number) server.getAttribute(name, "Count")).longValue();
    }
    return total;
  }

  private static long checksDuring(String sql) throws Exception {
    long before = brokerChecks();
    spark.sql(sql).collect();
    return brokerChecks() - before;
  }

  private static String create(String prefix, String table, String topic, String clauses) {
    return prefix
        + " STREAMING TABLE "
        + table
        + " "
        + clauses
        + " AS SELECT CAST(value AS STRING) AS v FROM STREAM read_kafka(bootstrapServers => '"
        + kafka.bootstrapServers()
        + "', subscribe => '"
        + topic
        + "', startingOffsets => 'earliest')";
  }

  @Test
  void eachStatementAnalysesTheDefinitionOnce() throws Exception {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 5);
    // The metric is registered by the first request; make sure it exists before counting.
    spark
        .sql(
            "SELECT count(*) FROM read_kafka(bootstrapServers => '"
                + kafka.bootstrapServers()
                + "', subscribe => '"
                + topic
                + "')")
        .collect();
    assertThat(brokerChecks()).isPositive();

    assertThat(checksDuring(create("CREATE", "analysed_once", topic, ""))).isEqualTo(1);
    assertThat(spark.table("analysed_once").count()).isEqualTo(5);
    // Unchanged: the refresh analyses the stored definition.
    assertThat(checksDuring(create("CREATE OR REFRESH", "analysed_once", topic, ""))).isEqualTo(1);
    // Changed, same query: the new definition is analysed once, and that analysis is refreshed.
    assertThat(
            checksDuring(
                create("CREATE OR REFRESH", "analysed_once", topic, "COMMENT 'now commented'")))
        .isEqualTo(1);
    assertThat(checksDuring("REFRESH STREAMING TABLE analysed_once")).isEqualTo(1);
    TestTopics.produce(kafka, topic, 1, 5, 8);
    assertThat(checksDuring("REFRESH STREAMING TABLE analysed_once FULL")).isEqualTo(1);
    assertThat(spark.table("analysed_once").count()).isEqualTo(8);
    spark.sql("DROP TABLE analysed_once");
  }
}
