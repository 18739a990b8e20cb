package io.github.sparkkafkasql;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.KafkaBrokerExtension;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of integration tests: the JVM's embedded broker and one Spark session (extension + Delta)
 * shared by the test class, stopped after it.
 */
@ExtendWith(KafkaBrokerExtension.class)
public abstract class SharedSparkIT {

  protected static SparkSession spark;
  protected static EmbeddedKafka kafka;

  @BeforeAll
  static void startSpark(EmbeddedKafka broker) {
    kafka = broker;
    spark = SparkTestSessions.create();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }
}
