package io.github.sparkkafkasql.analysis;

import java.util.function.Function;
import scala.runtime.AbstractPartialFunction;

/**
 * A Scala partial function from a Java function that returns {@code null} where it does not apply,
 * for Catalyst's {@code transform} methods.
 */
public final class Rewrite<A, B> extends AbstractPartialFunction<A, B> {

  private final Function<A, B> f;

  public Rewrite(Function<A, B> f) {
    this.f = f;
  }

  @Override
  public boolean isDefinedAt(A x) {
    return f.apply(x) != null;
  }

  @Override
  public <A1 extends A, B1> B1 applyOrElse(A1 x, scala.Function1<A1, B1> fallback) {
    B result = f.apply(x);
    @SuppressWarnings("unchecked")
    B1 r = result != null ? (B1) result : fallback.apply(x);
    return r;
  }
}
