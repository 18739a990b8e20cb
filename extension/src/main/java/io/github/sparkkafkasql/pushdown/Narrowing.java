package io.github.sparkkafkasql.pushdown;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * What the conjuncts of a filter over {@code read_kafka} say about the records it can return: which
 * topics and partitions, which offsets, and the earliest timestamp. Each bound is one that Kafka's
 * offsets can express exactly; the filter itself stays in the plan.
 */
final class Narrowing {

  Predicate<String> topics = t -> true;
  IntPredicate partitions = p -> true;
  long minOffset = 0;
  long maxOffsetExclusive = Long.MAX_VALUE;

  /** Epoch milliseconds; every matching record has a timestamp at or after it. */
  long minTimestampMs = Long.MIN_VALUE;

  /** Whether every conjunct is implied by the bounds, so no row in range is filtered out. */
  boolean exact = true;

  final List<String> pushed = new ArrayList<>();

  boolean narrowsAnything() {
    return !pushed.isEmpty();
  }

  void topic(Predicate<String> p) {
    Predicate<String> before = topics;
    topics = t -> before.test(t) && p.test(t);
  }

  void partition(IntPredicate p) {
    IntPredicate before = partitions;
    partitions = n -> before.test(n) && p.test(n);
  }

  void offsetAtLeast(long offset) {
    minOffset = Math.max(minOffset, offset);
  }

  void offsetBelow(long offset) {
    maxOffsetExclusive = Math.min(maxOffsetExclusive, offset);
  }

  void timestampAtLeast(long epochMs) {
    minTimestampMs = Math.max(minTimestampMs, epochMs);
  }
}
