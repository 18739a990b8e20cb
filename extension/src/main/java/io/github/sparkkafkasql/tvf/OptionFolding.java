package io.github.sparkkafkasql.tvf;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.optimizer.ComputeCurrentTime$;
import org.apache.spark.sql.catalyst.optimizer.ReplaceExpressions$;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.OneRowRelation;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.trees.TreePattern;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Folds option values the way Spark's optimizer would, already when {@code read_kafka} is resolved.
 *
 * <p>Two kinds of values need it. {@code ts - INTERVAL 1 HOUR} stays a replaceable form ({@code
 * DatetimeSub}) after analysis, which is not foldable until the optimizer's {@code
 * ReplaceExpressions} rewrites it. {@code current_timestamp()}, {@code now()}, {@code
 * current_date()}, {@code localtimestamp()} and the like are foldable, but each evaluation takes a
 * new instant until the optimizer's {@code ComputeCurrentTime} replaces them with literals. So
 * {@code startingTimestamp => unix_millis(current_timestamp() - INTERVAL 1 HOUR)} failed as not
 * constant.
 *
 * <p>This runs those two rules of Spark's "Finish Analysis" batch, in Spark's order, once over all
 * the values of one call, so that they all see the same instant, as the expressions of one query do
 * in Spark. Values still not foldable after that (a column, {@code rand()}) are refused by the
 * binder.
 */
final class OptionFolding {

  private OptionFolding() {}

  /** The values, with replaceable expressions replaced and the current time as literals. */
  static List<Expression> fold(List<Expression> values) {
    // current_timestamp() is foldable, but each evaluation takes a new instant.
    if (values.stream()
        .allMatch(v -> v.foldable() && !v.containsPattern(TreePattern.CURRENT_LIKE()))) {
      return values;
    }
    List<NamedExpression> aliases = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      aliases.add(
          new Alias(
              values.get(i),
              "value" + i,
              NamedExpression.newExprId(),
              emptySeq(),
              Option.empty(),
              emptySeq()));
    }
    LogicalPlan plan =
        new Project(CollectionConverters.asScala(aliases).toList(), new OneRowRelation());
    Project folded =
        (Project) ComputeCurrentTime$.MODULE$.apply(ReplaceExpressions$.MODULE$.apply(plan));
    List<Expression> result = new ArrayList<>();
    for (NamedExpression e : CollectionConverters.asJava(folded.projectList())) {
      result.add(((Alias) e).child());
    }
    return result;
  }

  private static Seq<String> emptySeq() {
    return CollectionConverters.asScala(List.<String>of()).toList();
  }
}
