package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A definition's secrets never appear in table properties, DESCRIBE, table history or EXPLAIN.
 * (Delta refuses SHOW CREATE TABLE, so there is nothing to check there.)
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

  @Test
  void secretsAreReferencedNeverStored(EmbeddedKafka kafka) {
    String topic = TestTopics.create(kafka, 1);
    TestTopics.produce(kafka, topic, 1, 0, 3);
    spark.conf().set("spark.kafkaSql.secret.truststore_pw", SECRET);
    String read =
        "read_kafka(bootstrapServers => '"
            + kafka.bootstrapServers()
            + "', subscribe => '"
            + topic
            + "', startingOffsets => 'earliest',"
            + " `kafka.ssl.truststore.password` => secret('truststore_pw'))";
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

    // A session without the secret cannot refresh, and says which secret to set.
    SparkSession other = spark.newSession();
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> other.sql("REFRESH STREAMING TABLE guarded"));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SECRET_NOT_FOUND");
    assertThat(e.getMessage())
        .doesNotContain(SECRET)
        .contains("spark.kafkaSql.secret.truststore_pw");
    spark.sql("DROP TABLE guarded");
  }
}
