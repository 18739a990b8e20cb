package io.github.sparkkafkasql;

import io.github.sparkkafkasql.tvf.ReadKafkaFunction;
import org.apache.spark.sql.SparkSessionExtensions;
import scala.Tuple3;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Entry point of the extension: {@code
 * spark.sql.extensions=io.github.sparkkafkasql.KafkaSqlExtensions}. The only class that injects
 * anything into Spark.
 */
public final class KafkaSqlExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    // read_kafka(...) in FROM: a table-valued function resolving to Spark's Kafka relation.
    extensions.injectTableFunction(
        new Tuple3<>(
            ReadKafkaFunction.IDENTIFIER, ReadKafkaFunction.INFO, new ReadKafkaFunction()));
    return BoxedUnit.UNIT;
  }
}
