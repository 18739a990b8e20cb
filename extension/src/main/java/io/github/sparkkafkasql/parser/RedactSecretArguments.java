package io.github.sparkkafkasql.parser;

import io.github.sparkkafkasql.errors.Redaction;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import io.github.sparkkafkasql.tvf.SecretFunction;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
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
import org.apache.spark.unsafe.types.UTF8String;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Hides secrets written into {@code read_kafka}'s arguments in the parsed plan, which {@code
 * EXPLAIN EXTENDED} prints and Spark's UI and logs may show: the value of each secret option
 * (passwords, JAAS configs, keys), whatever expression gives it ({@code 'pw'}, {@code 'a' || 'b'},
 * {@code concat(…)}), unless it is just {@code secret('name')}; and the credentials of a URL
 * written in a string literal ({@code 'https://user:password@host'}). Each becomes a {@link
 * Redacted} expression that evaluates to what it wraps but prints redacted. The option binder folds
 * it like the expression it replaces.
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
            Expression redacted =
                arg instanceof NamedArgumentExpression named ? redacted(named) : null;
            if (redacted != null) {
              args.add(
                  new NamedArgumentExpression(((NamedArgumentExpression) arg).key(), redacted));
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

  /** The argument's value as it must print, or null when it may print as written. */
  private static Expression redacted(NamedArgumentExpression named) {
    Expression value = named.value();
    if (value instanceof Redacted || isNull(value)) {
      return null;
    }
    if (isSecret(named.key())) {
      return isSecretCall(value) ? null : new Redacted(folded(value), Redacted.SHOWN);
    }
    if (value instanceof Literal literal
        && literal.value() instanceof UTF8String text
        && Redaction.hasUrlCredentials(text.toString())) {
      return new Redacted(value, "'" + Redaction.withoutUrlCredentials(text.toString()) + "'");
    }
    return null;
  }

  /**
   * A value the parser has already resolved ({@code 'a' || 'b'}, a cast of a literal) as the
   * literal it evaluates to, which a plan's JSON does not show inside {@link Redacted} either;
   * others (calls of functions, resolved later) stay as they are.
   */
  private static Expression folded(Expression value) {
    if (value instanceof Literal || !value.resolved() || !value.foldable()) {
      return value;
    }
    try {
      return Literal.create(value.eval(null), value.dataType());
    } catch (RuntimeException e) {
      return value; // the option binder reports it
    }
  }

  private static boolean isNull(Expression value) {
    return value instanceof Literal literal && literal.value() == null;
  }

  /** {@code secret('name')}: it shows the secret's name only, which helps reading a plan. */
  private static boolean isSecretCall(Expression value) {
    return value instanceof UnresolvedFunction f
        && f.nameParts().size() == 1
        && f.nameParts().head().equalsIgnoreCase(SecretFunction.NAME);
  }

  private static boolean isSecret(String key) {
    if (key.toLowerCase(Locale.ROOT).startsWith(ReadKafkaOptions.KAFKA_PREFIX)) {
      return ReadKafkaOptions.isSensitiveKafkaKey(key);
    }
    return ReadKafkaOptions.find(key).map(KafkaOption::sensitive).orElse(false);
  }

  /**
   * An expression that prints as {@code shown}: the value of the one it wraps reaches only what
   * evaluates it. A literal is held out of the tree, so that not even a plan's JSON holds it; any
   * other expression is its child, for the analyzer to resolve (its JSON then holds it, its string
   * forms, which EXPLAIN prints, do not).
   */
  static final class Redacted extends Expression implements CodegenFallback, Serializable {

    private static final long serialVersionUID = 1L;

    static final String SHOWN = "'*********(redacted)'";

    private final Expression child;
    private final String shown;

    Redacted(Expression child, String shown) {
      this.child = child;
      this.shown = shown;
    }

    @Override
    public boolean foldable() {
      return child.foldable();
    }

    @Override
    public boolean nullable() {
      return child.nullable();
    }

    @Override
    public DataType dataType() {
      return child.dataType();
    }

    @Override
    public Object eval(InternalRow input) {
      return child.eval(input);
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
      return CodegenFallback.super.doGenCode(ctx, ev);
    }

    @Override
    public String toString() {
      return shown;
    }

    @Override
    public String sql() {
      return shown;
    }

    @Override
    public String simpleString(int maxFields) {
      return shown;
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
      return CollectionConverters.asScala(
              child instanceof Literal ? List.<Expression>of() : List.of(child))
          .toList();
    }

    @Override
    public Expression withNewChildrenInternal(
        scala.collection.immutable.IndexedSeq<Expression> newChildren) {
      if (newChildren.isEmpty()) {
        return this;
      }
      Expression c = newChildren.apply(0);
      return c == child ? this : new Redacted(c, shown);
    }

    @Override
    public boolean canEqual(Object that) {
      return that instanceof Redacted;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Redacted r && r.child.equals(child) && r.shown.equals(shown);
    }

    @Override
    public int hashCode() {
      return child.hashCode();
    }
  }
}
