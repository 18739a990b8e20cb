package io.github.sparkkafkasql.bench;

import java.util.concurrent.Callable;

/**
 * One way of doing a benchmark's work.
 *
 * @param baseline whether the other variants of its benchmark are compared to this one
 * @param before untimed work before each run (creating the table a REFRESH loads)
 * @param timed the measured work; returns what {@code after} needs, or the check itself
 * @param after untimed work after each run (checking and dropping a table); returns a check value
 *     that every variant of a benchmark must agree on
 */
record Variant(
    String name, boolean baseline, Callable<?> before, Callable<String> timed, After after) {

  /** A variant with nothing to prepare before each timed run. */
  Variant(String name, boolean baseline, Callable<String> timed, After after) {
    this(name, baseline, () -> null, timed, after);
  }

  /** Untimed work on the result of a timed run. */
  @FunctionalInterface
  interface After {
    String apply(String timedResult) throws Exception;
  }

  /** A variant whose timed work returns its check value. */
  static Variant of(String name, boolean baseline, Callable<String> timed) {
    return new Variant(name, baseline, timed, result -> result);
  }
}
