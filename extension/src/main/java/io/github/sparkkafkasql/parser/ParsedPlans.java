package io.github.sparkkafkasql.parser;

import io.github.sparkkafkasql.analysis.Rewrite;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import scala.Tuple3;
import scala.jdk.javaapi.CollectionConverters;

/** Rewrites of a parsed plan that reach every operator a query is made of. */
final class ParsedPlans {

  private ParsedPlans() {}

  /**
   * Applies {@code f} (null where it does not apply) to every operator of {@code plan}, bottom up:
   * also inside subquery expressions and inside the bodies of {@code WITH} (which are not children
   * of their operator, so Catalyst's transforms pass them by).
   */
  static LogicalPlan transformEverywhere(LogicalPlan plan, Function<LogicalPlan, LogicalPlan> f) {
    return plan.transformUpWithSubqueries(
        new Rewrite<LogicalPlan, LogicalPlan>(
            p -> {
              LogicalPlan q = p instanceof UnresolvedWith w ? withBodies(w, f) : p;
              LogicalPlan r = f.apply(q);
              return r != null ? r : q != p ? q : null;
            }));
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
