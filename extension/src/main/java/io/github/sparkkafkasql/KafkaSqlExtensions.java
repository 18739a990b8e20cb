package io.github.sparkkafkasql;

import io.github.sparkkafkasql.analysis.JsonPathFunction;
import io.github.sparkkafkasql.parser.KafkaSqlParser;
import io.github.sparkkafkasql.pushdown.PushDownIntoReadKafka;
import io.github.sparkkafkasql.schedule.RefreshScheduler;
import io.github.sparkkafkasql.tvf.EventLogFunction;
import io.github.sparkkafkasql.tvf.ReadKafkaFunction;
import io.github.sparkkafkasql.tvf.SecretFunction;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;
import scala.Tuple3;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Entry point of the extension: {@code
 * spark.sql.extensions=io.github.sparkkafkasql.KafkaSqlExtensions}. The only class that injects
 * anything into Spark.
 */
public final class KafkaSqlExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    // Not an injection: Spark applies extensions when a SparkContext's session is built, which is
    // when the context's refresh scheduler starts (once, on daemon threads, unless disabled).
    RefreshScheduler.ensureStarted();
    // read_kafka(...) in FROM: a table-valued function resolving to Spark's Kafka relation.
    extensions.injectTableFunction(
        new Tuple3<>(
            ReadKafkaFunction.IDENTIFIER, ReadKafkaFunction.INFO, new ReadKafkaFunction()));
    // event_log(TABLE(t)): a streaming table's refresh history.
    extensions.injectTableFunction(
        new Tuple3<>(EventLogFunction.IDENTIFIER, EventLogFunction.INFO, new EventLogFunction()));
    // secret('name'): a reference to a secret, resolved only inside read_kafka options.
    extensions.injectFunction(
        new Tuple3<>(SecretFunction.IDENTIFIER, SecretFunction.INFO, new SecretFunction()));
    // expr:path on STRING columns (Spark resolves it only on VARIANT).
    extensions.injectFunction(
        new Tuple3<>(JsonPathFunction.IDENTIFIER, JsonPathFunction.INFO, new JsonPathFunction()));
    // Our statements (CREATE/REFRESH STREAMING TABLE …); everything else goes to Spark's parser,
    // whose plans get STREAM read_kafka(...) marked and expr:path rewritten before analysis.
    extensions.injectParser(
        new AbstractFunction2<SparkSession, ParserInterface, ParserInterface>() {
          @Override
          public ParserInterface apply(SparkSession session, ParserInterface delegate) {
            return new KafkaSqlParser(delegate);
          }
        });
    // Filters and LIMIT over a batch read_kafka become the offsets it reads (the filters stay).
    extensions.injectPreCBORule(
        new AbstractFunction1<SparkSession, Rule<LogicalPlan>>() {
          @Override
          public Rule<LogicalPlan> apply(SparkSession session) {
            return new PushDownIntoReadKafka();
          }
        });
    return BoxedUnit.UNIT;
  }
}
