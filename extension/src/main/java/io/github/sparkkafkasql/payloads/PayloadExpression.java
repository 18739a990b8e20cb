package io.github.sparkkafkasql.payloads;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.catalyst.expressions.Expression;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Base of this package's Catalyst expressions, holding what Scala case classes generate: the
 * Product view over the children, copying with new children, equality. Each subclass says how it is
 * compiled ({@code doGenCode}): one that implements {@code CodegenFallback} keeps its operator out
 * of whole-stage code generation (Spark's {@code CollapseCodegenStages}), which for a decoder on
 * the path of every record costs a row copy of the decoded value; the decoders generate code.
 */
abstract class PayloadExpression extends Expression implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  private final List<Expression> children;

  PayloadExpression(List<Expression> children) {
    this.children = List.copyOf(children);
  }

  /** This expression with other children (same number, same order). */
  abstract PayloadExpression withChildren(List<Expression> newChildren);

  /** What besides the children makes two instances different (for equality). */
  abstract Object settings();

  final Expression child(int i) {
    return children.get(i);
  }

  @Override
  public final Seq<Expression> children() {
    return CollectionConverters.asScala(children).toList();
  }

  @Override
  public final Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return withChildren(CollectionConverters.asJava(newChildren));
  }

  @Override
  public final int productArity() {
    return children.size();
  }

  @Override
  public final Object productElement(int n) {
    return children.get(n);
  }

  @Override
  public final boolean canEqual(Object that) {
    return that != null && that.getClass() == getClass();
  }

  @Override
  public final boolean equals(Object o) {
    return canEqual(o)
        && children.equals(((PayloadExpression) o).children)
        && Objects.equals(settings(), ((PayloadExpression) o).settings());
  }

  @Override
  public final int hashCode() {
    return Objects.hash(getClass(), children, settings());
  }
}
