package io.github.sparkkafkasql.bench;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The measured rounds of one variant.
 *
 * @param records records processed per run, 0 when throughput means nothing (planning)
 * @param baseline the rounds of its benchmark's baseline variant, or null if there is none
 * @param check the value the run produced (rows, sums, table fingerprint), to compare variants
 */
record Measurement(
    String benchmark,
    String variant,
    List<Double> seconds,
    long records,
    long bytes,
    List<Double> baseline,
    String check) {

  /** The median of the measured rounds (the warm-up is not among them). */
  double median() {
    return median(seconds);
  }

  /** Baseline median over this median: above 1 means faster than the baseline. */
  Double ratio() {
    return baseline == null ? null : median(baseline) / median();
  }

  /**
   * The median over rounds of baseline time over this time, each round's pair run back to back:
   * steadier than {@link #ratio()} when the machine's load changes between rounds.
   */
  Double pairedRatio() {
    return baseline == null
        ? null
        : median(
            IntStream.range(0, seconds.size())
                .mapToObj(i -> baseline.get(i) / seconds.get(i))
                .toList());
  }

  /** The same rounds, reported under another benchmark with another baseline. */
  Measurement as(String otherBenchmark, List<Double> otherBaseline) {
    return new Measurement(otherBenchmark, variant, seconds, records, bytes, otherBaseline, check);
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
