package io.github.sparkkafkasql;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for a condition, checking every 20 ms (or as often as told), failing when the deadline
 * passes.
 */
public final class Await {

  private Await() {}

  public static void until(String what, Duration timeout, Callable<Boolean> condition)
      throws Exception {
    until(what, timeout, Duration.ofMillis(20), condition);
  }

  /** For conditions that run Spark jobs, which polling every 20 ms would crowd out. */
  public static void until(
      String what, Duration timeout, Duration interval, Callable<Boolean> condition)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
      }
      LockSupport.parkNanos(interval.toNanos());
    }
  }
}
