package io.github.sparkkafkasql.tvf;

import java.util.Map;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.classic.SparkSession;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction1;

/**
 * The {@code read_kafka} table-valued function: binds and validates its named arguments, checks
 * that Kafka answers, and resolves to the relation of Spark's own Kafka source.
 */
public final class ReadKafkaFunction extends AbstractFunction1<Seq<Expression>, LogicalPlan> {

  public static final String NAME = "read_kafka";

  public static final FunctionIdentifier IDENTIFIER = FunctionIdentifier.apply(NAME);

  public static final ExpressionInfo INFO =
      new ExpressionInfo(
          ReadKafkaFunction.class.getName(),
          null,
          NAME,
          "_FUNC_(bootstrapServers => 'host:port', subscribe => 'topic', ...) - Reads records"
              + " from Kafka as a table with columns key, value, topic, partition, offset,"
              + " timestamp, timestampType (and headers with includeHeaders => true).",
          "",
          "\n    Examples:\n      > SELECT CAST(value AS STRING) FROM _FUNC_(bootstrapServers =>"
              + " 'localhost:9092', subscribe => 'events');\n",
          "",
          "table_funcs",
          "",
          "",
          "");

  @Override
  public LogicalPlan apply(Seq<Expression> arguments) {
    return resolve(arguments, false);
  }

  /** Binds the arguments of a batch or streaming call and returns Spark's Kafka relation. */
  public static LogicalPlan resolve(Seq<Expression> arguments, boolean streaming) {
    BoundOptions options = OptionBinder.bind(arguments);
    options.validate(streaming);
    SparkSession spark = (SparkSession) SparkSession.active();
    long timeoutMs =
        JavaUtils.timeStringAsMs(
            spark.conf().get(KafkaPreflight.TIMEOUT_CONF, KafkaPreflight.DEFAULT_TIMEOUT));
    new KafkaPreflight(options.bootstrapServers(), options.kafkaClientSettings(), timeoutMs)
        .check(options);
    Map<String, String> sparkOptions = options.sparkOptions(streaming);
    Dataset<Row> df =
        streaming
            ? spark.readStream().format("kafka").options(sparkOptions).load()
            : spark.read().format("kafka").options(sparkOptions).load();
    return ((org.apache.spark.sql.classic.Dataset<Row>) df).logicalPlan();
  }
}
