package io.github.sparkkafkasql.tvf;

import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.errors.KafkaSqlErrors;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import io.github.sparkkafkasql.streaming.RefreshHistory;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.FunctionTableSubqueryArgumentExpression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.types.StringType;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * {@code event_log(TABLE(t))} or {@code event_log('t')}: a streaming table's refresh history, one
 * row per refresh ({@link RefreshHistory#SCHEMA}), oldest first. Spark 4.2 hands an injected table
 * function a {@code TABLE(…)} argument resolved, as a {@link
 * FunctionTableSubqueryArgumentExpression} whose plan names the table, so Databricks' form works.
 */
public final class EventLogFunction extends AbstractFunction1<Seq<Expression>, LogicalPlan> {

  public static final String NAME = "event_log";

  public static final FunctionIdentifier IDENTIFIER = FunctionIdentifier.apply(NAME);

  public static final ExpressionInfo INFO =
      new ExpressionInfo(
          EventLogFunction.class.getName(),
          null,
          NAME,
          "_FUNC_(TABLE(streaming_table)) - The refresh history of a streaming table, one row per"
              + " refresh: when and why it ran, its outcome, rows, offsets and error.",
          "",
          "\n    Examples:\n      > SELECT status, rows_written FROM _FUNC_(TABLE(clicks));\n",
          "",
          "table_funcs",
          "",
          "",
          "");

  @Override
  public LogicalPlan apply(Seq<Expression> arguments) {
    List<Expression> args = CollectionConverters.asJava(arguments);
    if (args.size() != 1) {
      throw StreamingTableErrors.eventLogArgument(args.size() + " arguments");
    }
    SparkSession spark = (SparkSession) SparkSession.active();
    List<String> name = tableName(spark, args.get(0));
    StoredTable table = StreamingTables.loadStreamingTable(spark, name);
    List<Row> rows = RefreshHistory.of(spark, table).rows();
    Dataset<Row> df = spark.createDataFrame(rows, RefreshHistory.SCHEMA);
    return ((org.apache.spark.sql.classic.Dataset<Row>) df).logicalPlan();
  }

  private static List<String> tableName(SparkSession spark, Expression arg) {
    if (arg instanceof FunctionTableSubqueryArgumentExpression t) {
      if (t.plan() instanceof SubqueryAlias alias) {
        List<String> name =
            new ArrayList<>(CollectionConverters.asJava(alias.identifier().qualifier()));
        name.add(alias.identifier().name());
        return name;
      }
      throw StreamingTableErrors.eventLogArgument("a query");
    }
    if (arg.foldable() && arg.dataType() instanceof StringType) {
      Object value = arg.eval(null);
      if (value != null) {
        try {
          return CollectionConverters.asJava(
              spark.sessionState().sqlParser().parseMultipartIdentifier(value.toString()));
        } catch (ParseException e) {
          throw KafkaSqlErrors.raise(e);
        }
      }
    }
    throw StreamingTableErrors.eventLogArgument(arg.sql());
  }
}
