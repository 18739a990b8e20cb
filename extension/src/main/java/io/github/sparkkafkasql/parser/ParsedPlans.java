package io.github.sparkkafkasql.parser;

import io.github.sparkkafkasql.analysis.Rewrite;
import io.github.sparkkafkasql.tvf.ReadKafkaFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.execution.command.ExplainCommand;
import scala.Tuple3;
import scala.jdk.javaapi.CollectionConverters;

/** Rewrites of a parsed plan that reach every operator a query is made of. */
final class ParsedPlans {

  private ParsedPlans() {}

  /**
   * Applies {@code f} (null where it does not apply) to every operator of {@code plan}, bottom up:
   * also inside subquery expressions, inside the bodies of {@code WITH} and in the query of {@code
   * EXPLAIN} (which are not children of their operator, so Catalyst's transforms pass them by).
   */
  static LogicalPlan transformEverywhere(LogicalPlan plan, Function<LogicalPlan, LogicalPlan> f) {
    return plan.transformUpWithSubqueries(
        new Rewrite<LogicalPlan, LogicalPlan>(
            p -> {
              LogicalPlan q =
                  p instanceof UnresolvedWith w
                      ? withBodies(w, f)
                      : p instanceof ExplainCommand e ? explained(e, f) : p;
              LogicalPlan r = f.apply(q);
              return r != null ? r : q != p ? q : null;
            }));
  }

  /** Whether the call is to {@code read_kafka} (however qualified or cased). */
  static boolean isReadKafka(UnresolvedTableValuedFunction tvf) {
    var parts = CollectionConverters.asJava(tvf.name());
    return parts.get(parts.size() - 1).toLowerCase(Locale.ROOT).equals(ReadKafkaFunction.NAME);
  }

  /** EXPLAIN's query is not its child: EXPLAIN must show the query as it runs. */
  private static LogicalPlan explained(ExplainCommand e, Function<LogicalPlan, LogicalPlan> f) {
    LogicalPlan query = transformEverywhere(e.logicalPlan(), f);
    return query == e.logicalPlan() ? e : new ExplainCommand(query, e.mode());
  }

  private static LogicalPlan withBodies(UnresolvedWith w, Function<LogicalPlan, LogicalPlan> f) {
    List<Tuple3<String, SubqueryAlias, scala.Option<Object>>> bodies = new ArrayList<>();
    boolean changed = false;
    for (Tuple3<String, SubqueryAlias, scala.Option<Object>> cte :
        CollectionConverters.asJava(w.cteRelations())) {
      LogicalPlan body = transformEverywhere(cte._2(), f);
      changed |= body != cte._2();
      bodies.add(new Tuple3<>(cte._1(), (SubqueryAlias) body, cte._3()));
    }
    return changed
        ? new UnresolvedWith(
            w.child(), CollectionConverters.asScala(bodies).toList(), w.allowRecursion())
        : w;
  }
}
