package io.github.sparkkafkasql.tvf;

import io.github.sparkkafkasql.errors.KafkaSqlErrors;
import io.github.sparkkafkasql.payloads.PayloadColumns;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedArgumentExpression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.internal.SQLConf;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
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

  /**
   * The marker {@code MarkStreamingReadKafka} appends to a streaming call's arguments. Its name
   * holds a NUL character, which no SQL identifier a user types contains.
   */
  private static final String STREAMING_MARKER = "\u0000streaming";

  @Override
  public LogicalPlan apply(Seq<Expression> arguments) {
    if (hasStreamingMarker(arguments)) {
      if (!StreamingReads.inStreamingTable() && !allowedByConf()) {
        throw KafkaSqlErrors.streamingReadOutsideTable(StreamingReads.ALLOW_CONF);
      }
      java.util.List<Expression> args = new java.util.ArrayList<>();
      CollectionConverters.asJava(arguments).stream().filter(e -> !isMarker(e)).forEach(args::add);
      return resolve(CollectionConverters.asScala(args).toList(), true);
    }
    return resolve(arguments, false);
  }

  private static boolean allowedByConf() {
    return Boolean.parseBoolean(
        SQLConf.get().getConfString(StreamingReads.ALLOW_CONF, "false").trim());
  }

  /** Whether the arguments carry the streaming marker. */
  public static boolean hasStreamingMarker(Seq<Expression> arguments) {
    return arguments.exists(ReadKafkaFunction::isMarker);
  }

  /** The arguments with the streaming marker appended. */
  public static Seq<Expression> withStreamingMarker(Seq<Expression> arguments) {
    Expression marker = new NamedArgumentExpression(STREAMING_MARKER, Literal.TrueLiteral());
    java.util.List<Expression> args =
        new java.util.ArrayList<>(CollectionConverters.asJava(arguments));
    args.add(marker);
    return CollectionConverters.asScala(args).toList();
  }

  private static boolean isMarker(Expression e) {
    return e instanceof NamedArgumentExpression n && n.key().equals(STREAMING_MARKER);
  }

  /** Binds the arguments of a batch or streaming call and returns Spark's Kafka relation. */
  public static LogicalPlan resolve(Seq<Expression> arguments, boolean streaming) {
    BoundOptions options = OptionBinder.bind(arguments);
    options.validate(streaming);
    SparkSession spark = (SparkSession) SparkSession.active();
    long timeoutMs = KafkaPreflight.timeoutMs();
    new KafkaPreflight(options.bootstrapServers(), options.kafkaClientSettings(), timeoutMs)
        .check(options, !streaming || StreamingReads.startsFresh());
    Map<String, String> sparkOptions = options.sparkOptions(streaming);
    Dataset<Row> df =
        streaming
            ? spark.readStream().format("kafka").options(sparkOptions).load()
            : spark.read().format("kafka").options(sparkOptions).load();
    LogicalPlan plan = ((org.apache.spark.sql.classic.Dataset<Row>) df).logicalPlan();
    if (plan instanceof LogicalRelation relation) {
      KafkaReads.register(
          relation.relation(),
          new ReadKafkaSource(
              options.bootstrapServers(), options.kafkaClientSettings(), sparkOptions, timeoutMs));
    }
    // keyFormat / valueFormat: a Project above the relation, which pushdown looks through.
    return PayloadColumns.decode(plan, options::get, timeoutMs);
  }
}
