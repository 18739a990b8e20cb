package io.github.sparkkafkasql.parser;

import io.github.sparkkafkasql.analysis.JsonPathFunction;
import io.github.sparkkafkasql.analysis.Rewrite;
import java.util.List;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction$;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.SemiStructuredExtract;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Lets {@code expr:path} (e.g. {@code value::string:events[0].id}) work on STRING columns, as in
 * Databricks, not only on VARIANT.
 *
 * <p>Spark resolves the extraction only for VARIANT and fails for anything else. This rule runs on
 * the parsed plan ({@code KafkaSqlParser} applies it, since Hive sessions drop injected hint rules)
 * and turns it into a call of {@link JsonPathFunction}, which picks Spark's VARIANT extraction or
 * {@code get_json_object} once the column's type is known.
 */
final class JsonPathOnStrings extends Rule<LogicalPlan> {

  @Override
  public LogicalPlan apply(LogicalPlan plan) {
    return ParsedPlans.transformEverywhere(
        plan,
        p ->
            p.expressions().exists(e -> e.exists(x -> x instanceof SemiStructuredExtract))
                ? p.transformExpressions(
                    new Rewrite<Expression, Expression>(JsonPathOnStrings::rewrite))
                : null);
  }

  /** Rewrites the extractions inside one expression (for {@code parseExpression}). */
  static Expression rewriteAll(Expression e) {
    return e.transform(new Rewrite<Expression, Expression>(JsonPathOnStrings::rewrite));
  }

  private static Expression rewrite(Expression e) {
    if (e instanceof SemiStructuredExtract s) {
      List<Expression> args = List.of(s.child(), Literal.create(s.field(), DataTypes.StringType));
      return UnresolvedFunction$.MODULE$.apply(
          JsonPathFunction.NAME, CollectionConverters.asScala(args).toList(), false);
    }
    return null;
  }
}
