package io.github.sparkkafkasql.pushdown;

import io.github.sparkkafkasql.channels.ReadKafkaChannels;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.Count;
import org.apache.spark.sql.catalyst.optimizer.ConvertToLocalRelation$;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.GlobalLimit;
import org.apache.spark.sql.catalyst.plans.logical.LocalLimit;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.Repartition;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * Turns filters on {@code topic}, {@code partition}, {@code offset} and {@code timestamp}, and a
 * {@code LIMIT}, over a batch {@code read_kafka} into the offsets Spark's Kafka source reads,
 * before anything is read. The filters stay in the plan, so the rows are the same with or without
 * it; only fewer records are fetched. Runs once, after Spark has pushed filters and limits down to
 * the scan.
 */
public final class PushDownIntoReadKafka extends Rule<LogicalPlan> {

  @Override
  public LogicalPlan apply(LogicalPlan plan) {
    // The setting is read only for plans that read Kafka: an invalid value must fail those, not
    // every statement of the session, the SET or RESET that would put it right among them.
    return readsKafka(plan) && KafkaSqlConf.PUSHDOWN_ENABLED.get() ? rewrite(plan) : plan;
  }

  private static boolean readsKafka(LogicalPlan plan) {
    for (LogicalPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
      if (leaf instanceof LogicalRelation relation
          && ReadKafkaChannels.lookup(relation.relation()).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private LogicalPlan rewrite(LogicalPlan plan) {
    if (plan instanceof LocalLimit limit
        && limit.limitExpr() instanceof Literal l
        && l.dataType().equals(DataTypes.IntegerType)
        && l.value() != null) {
      LogicalPlan narrowed = below(limit.child(), (long) (Integer) l.value());
      if (narrowed != null) {
        return limit.withNewChildren(CollectionConverters.asScala(List.of(narrowed)).toSeq());
      }
    }
    LogicalPlan narrowed = below(plan, null);
    if (narrowed != null) {
      return narrowed;
    }
    if (plan instanceof Aggregate aggregate) {
      return rewrite(aggregate);
    }
    boolean runsAJob = !evaluatedOnTheDriver(plan);
    return plan.mapChildren(
        new AbstractFunction1<LogicalPlan, LogicalPlan>() {
          @Override
          public LogicalPlan apply(LogicalPlan child) {
            LogicalPlan rewritten = rewrite(child);
            // The driver's rows feeding a job (an aggregate, a sort, a join, a write) are one
            // partition: Spark would split them over the default parallelism and, for an
            // aggregate or a sort, shuffle them back into one; as one partition the job is a
            // single task without a shuffle. Placed above the projections and filters between,
            // which Spark still folds into the rows on the driver (so only the columns the job
            // uses are shipped to its task). Only rows this rule read: a user's own VALUES stay
            // as Spark plans them.
            return runsAJob && rewritten != child && readOnTheDriver(rewritten, false)
                ? new Repartition(1, false, rewritten)
                : rewritten;
          }
        });
  }

  /**
   * An aggregate over rows read on the driver: a one-task job over them (see below), or, when it
   * only counts rows ({@code count(*)}, {@code count(1)}, no grouping), their count, without a job.
   * The projections and filters between are folded into the rows first by Spark's own rule, as its
   * optimizer would fold them a few batches later.
   */
  private LogicalPlan rewrite(Aggregate aggregate) {
    LogicalPlan child = rewrite(aggregate.child());
    if (child == aggregate.child()) {
      return aggregate;
    }
    if (countsRows(aggregate)
        && readOnTheDriver(child, true)
        && foldOnTheDriver(child) instanceof LocalRelation rows) {
      Object[] counts = new Object[aggregate.aggregateExpressions().size()];
      java.util.Arrays.fill(counts, (long) rows.data().size());
      return new LocalRelation(
          aggregate.output(),
          CollectionConverters.asScala(List.<InternalRow>of(new GenericInternalRow(counts)))
              .toList(),
          false,
          scala.Option.empty());
    }
    if (readOnTheDriver(child, false)) {
      child = new Repartition(1, false, child);
    }
    return aggregate.withNewChildren(CollectionConverters.asScala(List.of(child)).toSeq());
  }

  /** Whether {@code aggregate} is one row of {@code count(<non-null literal>)} columns. */
  private static boolean countsRows(Aggregate aggregate) {
    if (!aggregate.groupingExpressions().isEmpty()) {
      return false;
    }
    for (NamedExpression e : CollectionConverters.asJava(aggregate.aggregateExpressions())) {
      if (!(e instanceof Alias alias
          && alias.child() instanceof AggregateExpression agg
          && agg.aggregateFunction() instanceof Count count
          && !agg.isDistinct()
          && agg.filter().isEmpty()
          && count.children().forall(c -> c instanceof Literal l && l.value() != null))) {
        return false;
      }
    }
    return true;
  }

  /** {@code plan} with Spark's ConvertToLocalRelation applied until it changes nothing. */
  private static LogicalPlan foldOnTheDriver(LogicalPlan plan) {
    LogicalPlan p = plan;
    for (int i = 0; i < 8 && !(p instanceof LocalRelation); i++) {
      LogicalPlan next = ConvertToLocalRelation$.MODULE$.apply(p);
      if (next.fastEquals(p)) {
        break;
      }
      p = next;
    }
    return p;
  }

  /** The operators Spark folds into a {@code LocalRelation} below them, without a job. */
  private static boolean evaluatedOnTheDriver(LogicalPlan plan) {
    return plan instanceof Project
        || plan instanceof Filter
        || plan instanceof LocalLimit
        || plan instanceof GlobalLimit;
  }

  /**
   * Whether {@code plan} is rows read on the driver under operators evaluated there; none read
   * counts only when {@code orNone}.
   */
  private static boolean readOnTheDriver(LogicalPlan plan, boolean orNone) {
    LogicalPlan p = plan;
    while (evaluatedOnTheDriver(p)) {
      p = p.children().head();
    }
    return p instanceof LocalRelation local && (orNone || !local.data().isEmpty());
  }

  /**
   * The plan with its read_kafka relation narrowed, looking through projections when a limit is
   * pushed; null when the plan is not a (filtered) read_kafka relation or nothing narrows it.
   */
  private static LogicalPlan below(LogicalPlan plan, Long limit) {
    if (limit != null && plan instanceof Project project) {
      LogicalPlan child = below(project.child(), limit);
      return child == null
          ? null
          : project.withNewChildren(CollectionConverters.asScala(List.of(child)).toSeq());
    }
    Expression condition = null;
    LogicalPlan scan = plan;
    if (plan instanceof Filter filter) {
      condition = filter.condition();
      scan = filter.child();
    }
    if (!(scan instanceof LogicalRelation relation)) {
      return null;
    }
    Optional<ReadKafkaSource> source = ReadKafkaChannels.lookup(relation.relation());
    if (source.isEmpty() || (condition == null && limit == null)) {
      return null;
    }
    LogicalPlan narrowed = new Narrower(source.get(), relation).narrow(condition, limit);
    if (narrowed == null) {
      return null;
    }
    return condition == null ? narrowed : new Filter(condition, narrowed);
  }
}
