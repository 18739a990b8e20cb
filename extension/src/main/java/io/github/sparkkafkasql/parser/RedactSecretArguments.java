package io.github.sparkkafkasql.parser;

import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedArgumentExpression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.types.DataType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Hides the literal values of {@code read_kafka}'s secret options (passwords, JAAS configs, keys)
 * in the parsed plan, which {@code EXPLAIN EXTENDED} prints and Spark's UI and logs may show: each
 * becomes a {@link Redacted} constant that evaluates to the value but prints as redacted. The
 * option binder folds it like the literal it replaces.
 */
final class RedactSecretArguments extends Rule<LogicalPlan> {

  @Override
  public LogicalPlan apply(LogicalPlan plan) {
    return ParsedPlans.transformEverywhere(
        plan,
        p -> {
          if (!(p instanceof UnresolvedTableValuedFunction tvf) || !ParsedPlans.isReadKafka(tvf)) {
            return null;
          }
          List<Expression> args = new ArrayList<>();
          boolean changed = false;
          for (Expression arg : CollectionConverters.asJava(tvf.functionArgs())) {
            if (arg instanceof NamedArgumentExpression named
                && named.value() instanceof Literal literal
                && literal.value() != null
                && isSecret(named.key())) {
              args.add(new NamedArgumentExpression(named.key(), new Redacted(literal)));
              changed = true;
            } else {
              args.add(arg);
            }
          }
          return changed
              ? new UnresolvedTableValuedFunction(
                  tvf.name(), CollectionConverters.asScala(args).toSeq(), tvf.isStreaming())
              : null;
        });
  }

  private static boolean isSecret(String key) {
    if (key.toLowerCase(Locale.ROOT).startsWith(ReadKafkaOptions.KAFKA_PREFIX)) {
      return ReadKafkaOptions.isSensitiveKafkaKey(key);
    }
    return ReadKafkaOptions.find(key).map(KafkaOption::sensitive).orElse(false);
  }

  /** A literal that prints as redacted: its value reaches only what evaluates it. */
  static final class Redacted extends Expression implements CodegenFallback {

    private static final long serialVersionUID = 1L;

    static final String SHOWN = "'*********(redacted)'";

    private final Literal literal;

    Redacted(Literal literal) {
      this.literal = literal;
    }

    @Override
    public boolean foldable() {
      return true;
    }

    @Override
    public boolean nullable() {
      return false;
    }

    @Override
    public DataType dataType() {
      return literal.dataType();
    }

    @Override
    public Object eval(InternalRow input) {
      return literal.value();
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
      return CodegenFallback.super.doGenCode(ctx, ev);
    }

    @Override
    public String toString() {
      return SHOWN;
    }

    @Override
    public String sql() {
      return SHOWN;
    }

    /** No product elements: a plan's JSON or argument string would print them. */
    @Override
    public int productArity() {
      return 0;
    }

    @Override
    public Object productElement(int n) {
      throw new IndexOutOfBoundsException(n);
    }

    @Override
    public scala.collection.immutable.Seq<Expression> children() {
      return CollectionConverters.asScala(List.<Expression>of()).toList();
    }

    @Override
    public Expression withNewChildrenInternal(
        scala.collection.immutable.IndexedSeq<Expression> newChildren) {
      return this;
    }

    @Override
    public boolean canEqual(Object that) {
      return that instanceof Redacted;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Redacted r && r.literal.equals(literal);
    }

    @Override
    public int hashCode() {
      return literal.hashCode();
    }
  }
}
