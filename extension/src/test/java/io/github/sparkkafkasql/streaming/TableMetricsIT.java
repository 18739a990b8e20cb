package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.SparkTestSessions;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.KafkaBrokerExtension;
import io.github.sparkkafkasql.embedded.ReadKafkaSql;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A streaming table's metrics as Spark's Prometheus servlet serves them, in an application running
 * its UI on a free port.
 */
@ExtendWith(KafkaBrokerExtension.class)
class TableMetricsIT {

  @Test
  void prometheusServletShowsLagDurationRowsAndFailures(EmbeddedKafka kafka) throws Exception {
    SparkSession spark =
        SparkTestSessions.builder()
            .config("spark.ui.enabled", "true")
            .config("spark.ui.port", "0")
            .config(
                "spark.metrics.conf.*.sink.prometheusServlet.class",
                "org.apache.spark.metrics.sink.PrometheusServlet")
            .config("spark.metrics.conf.*.sink.prometheusServlet.path", "/metrics/prometheus")
            .getOrCreate();
    try {
      String topic = TestTopics.create(kafka, 2);
      TestTopics.produce(kafka, topic, 2, 0, 20);
      spark.sql(
          "CREATE STREAMING TABLE metered (CONSTRAINT small EXPECT (id < 100) ON VIOLATION FAIL"
              + " UPDATE) AS SELECT CAST(value::string:id AS INT) AS id FROM "
              + ReadKafkaSql.of(kafka.bootstrapServers())
                  .subscribe(topic)
                  .option("startingOffsets", "earliest")
                  .stream()
                  .sql());
      TestTopics.produce(kafka, topic, 2, 100, 103);
      try {
        spark.sql("REFRESH STREAMING TABLE metered");
      } catch (Exception e) {
        assertThat(e).isInstanceOf(AnalysisException.class);
      }
      // SHOW measures the lag: the 3 records the failed refresh did not write.
      spark.sql("SHOW STREAMING TABLES").collect();

      String url = spark.sparkContext().uiWebUrl().get() + "/metrics/prometheus/";
      String prefix = "kafkaSql_spark_catalog_default_metered_";
      String page = "";
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!page.contains(prefix + "failures_Count") && System.nanoTime() < deadline) {
        page = get(url);
      }
      assertThat(page).as("the Prometheus page at " + url).contains(prefix + "failures_Count");
      assertThat(value(page, prefix + "rowsWritten_Count")).contains(20.0);
      assertThat(value(page, prefix + "refreshes_Count")).contains(2.0);
      assertThat(value(page, prefix + "failures_Count")).contains(1.0);
      assertThat(value(page, prefix + "lag_Value")).contains(3.0);
      assertThat(value(page, prefix + "lastRefreshDurationMs_Value").orElseThrow()).isPositive();
    } finally {
      spark.stop();
    }
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> r =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    return r.body();
  }

  /** The value of the first sample whose name ends with {@code metric}. */
  private static Optional<Double> value(String page, String metric) {
    return Arrays.stream(page.split("\n"))
        .filter(l -> !l.startsWith("#"))
        .filter(l -> l.split("[{ ]")[0].endsWith(metric))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst();
  }
}
