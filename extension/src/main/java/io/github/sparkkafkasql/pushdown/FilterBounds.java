package io.github.sparkkafkasql.pushdown;

import io.github.sparkkafkasql.analysis.Rewrite;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.BinaryComparison;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GreaterThan;
import org.apache.spark.sql.catalyst.expressions.GreaterThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.LessThan;
import org.apache.spark.sql.catalyst.expressions.LessThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads a filter's conjuncts as bounds on Kafka's coordinates. A conjunct over {@code topic} alone
 * or {@code partition} alone is evaluated for each candidate value, so any deterministic predicate
 * works ({@code =}, {@code IN}, ranges, {@code NOT}); a comparison of {@code offset} with a
 * constant bounds the offsets of every partition; {@code timestamp >= / > / =} a constant gives the
 * earliest timestamp. Upper bounds on {@code timestamp} are never used: Kafka does not keep
 * timestamps in offset order, so a record after the first later one may still match.
 */
final class FilterBounds {

  private final Attribute topic;
  private final Attribute partition;
  private final Attribute offset;
  private final Attribute timestamp;

  FilterBounds(List<Attribute> output) {
    this.topic = find(output, "topic");
    this.partition = find(output, "partition");
    this.offset = find(output, "offset");
    this.timestamp = find(output, "timestamp");
  }

  private static Attribute find(List<Attribute> output, String name) {
    return output.stream()
        .filter(a -> a.name().toLowerCase(Locale.ROOT).equals(name))
        .findFirst()
        .orElseThrow();
  }

  Narrowing of(Expression condition) {
    Narrowing n = new Narrowing();
    for (Expression conjunct : conjuncts(condition)) {
      if (!conjunct.deterministic() || !read(conjunct, n)) {
        n.exact = false;
      }
    }
    return n;
  }

  static List<Expression> conjuncts(Expression e) {
    if (e instanceof And and) {
      List<Expression> all = new java.util.ArrayList<>(conjuncts(and.left()));
      all.addAll(conjuncts(and.right()));
      return all;
    }
    return List.of(e);
  }

  /** Adds what the conjunct says to {@code n}; false when it says nothing usable. */
  private boolean read(Expression conjunct, Narrowing n) {
    var refs = CollectionConverters.asJava(conjunct.references().toSeq());
    if (refs.size() != 1) {
      return false;
    }
    Attribute ref = refs.get(0);
    if (conjunct instanceof IsNotNull
        && java.util.stream.Stream.of(topic, partition, offset, timestamp)
            .anyMatch(ref::semanticEquals)) {
      // Spark infers these from the other conjuncts; Kafka records always have the column.
      return true;
    }
    if (ref.semanticEquals(topic)) {
      n.topic(t -> holds(conjunct, topic, Literal.create(t, DataTypes.StringType)));
      n.pushed.add(conjunct.sql());
      return true;
    }
    if (ref.semanticEquals(partition)) {
      n.partition(p -> holds(conjunct, partition, Literal.create(p, DataTypes.IntegerType)));
      n.pushed.add(conjunct.sql());
      return true;
    }
    if (ref.semanticEquals(offset)) {
      return readOffset(conjunct, n);
    }
    if (ref.semanticEquals(timestamp)) {
      readTimestamp(conjunct, n);
    }
    return false;
  }

  /** Evaluates the conjunct with the attribute replaced by a value; null counts as false. */
  private static boolean holds(Expression conjunct, Attribute attribute, Literal value) {
    Expression bound =
        conjunct.transform(
            new Rewrite<Expression, Expression>(
                e ->
                    e instanceof AttributeReference a && a.semanticEquals(attribute)
                        ? value
                        : null));
    return Boolean.TRUE.equals(bound.eval(null));
  }

  private boolean readOffset(Expression conjunct, Narrowing n) {
    Comparison c = Comparison.of(conjunct, offset);
    if (c == null || !(c.value instanceof Long v)) {
      return false;
    }
    switch (c.op) {
      case ">=" -> n.offsetAtLeast(v);
      case ">" -> n.offsetAtLeast(v == Long.MAX_VALUE ? v : v + 1);
      case "<" -> n.offsetBelow(v);
      case "<=" -> n.offsetBelow(v == Long.MAX_VALUE ? v : v + 1);
      case "=" -> {
        n.offsetAtLeast(v);
        n.offsetBelow(v == Long.MAX_VALUE ? v : v + 1);
      }
      default -> {
        return false;
      }
    }
    n.pushed.add(conjunct.sql());
    return true;
  }

  /** Records a lower bound; always inexact, as later offsets may hold earlier timestamps. */
  private void readTimestamp(Expression conjunct, Narrowing n) {
    Comparison c = Comparison.of(conjunct, timestamp);
    if (c == null
        || !(c.value instanceof Long micros)
        || !c.literal.dataType().equals(DataTypes.TimestampType)) {
      return;
    }
    long ms;
    switch (c.op) {
      case ">=", "=" -> ms = Math.floorDiv(micros, 1000) + (micros % 1000 == 0 ? 0 : 1);
      case ">" -> ms = Math.floorDiv(micros, 1000) + 1;
      default -> {
        return;
      }
    }
    if (ms < 0) {
      // Kafka's ListOffsets reads negative timestamps as positions (-1 the latest offset, -2 the
      // earliest, -3 the largest timestamp's), and no CreateTime is before the epoch.
      return;
    }
    n.timestampAtLeast(ms);
    n.pushed.add(conjunct.sql());
  }

  /** {@code attribute <op> literal}, with the operator mirrored when the literal comes first. */
  private record Comparison(String op, Literal literal, Object value) {

    static Comparison of(Expression e, Attribute attribute) {
      if (!(e instanceof BinaryComparison b)) {
        return null;
      }
      String op = symbol(b);
      if (op == null) {
        return null;
      }
      if (b.left() instanceof AttributeReference a
          && a.semanticEquals(attribute)
          && b.right() instanceof Literal l
          && l.value() != null) {
        return new Comparison(op, l, l.value());
      }
      if (b.right() instanceof AttributeReference a
          && a.semanticEquals(attribute)
          && b.left() instanceof Literal l
          && l.value() != null) {
        return new Comparison(mirror(op), l, l.value());
      }
      return null;
    }

    private static String symbol(BinaryComparison b) {
      if (b instanceof GreaterThanOrEqual) {
        return ">=";
      } else if (b instanceof GreaterThan) {
        return ">";
      } else if (b instanceof LessThanOrEqual) {
        return "<=";
      } else if (b instanceof LessThan) {
        return "<";
      } else if (b instanceof EqualTo) {
        return "=";
      }
      return null;
    }

    private static String mirror(String op) {
      return switch (op) {
        case ">=" -> "<=";
        case ">" -> "<";
        case "<=" -> ">=";
        case "<" -> ">";
        default -> op;
      };
    }
  }
}
