package io.github.sparkkafkasql.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a benchmark's variants interleaved after one warm-up round, so that a noisy neighbour or a
 * slow start hurts every variant alike: A/B/C, then B/C/A, then C/A/B. Each round starts with the
 * next variant, because the first run of a round pays for what the last one left behind (dropped
 * tables' files, garbage): with a fixed order, the first variant lost 5–15 % in B3.
 */
final class Rounds {

  private static final Logger LOG = LoggerFactory.getLogger(Rounds.class);

  private Rounds() {}

  /**
   * Measures the variants; {@code expected}, when not null, is the check value every run must
   * produce (a mismatch is recorded in the check, not thrown, so that the report shows it).
   */
  static List<Measurement> run(
      String benchmark,
      int rounds,
      long records,
      long bytes,
      String expected,
      List<Variant> variants)
      throws Exception {
    Map<Variant, List<Double>> times = new LinkedHashMap<>();
    Map<Variant, String> checks = new LinkedHashMap<>();
    for (int round = 0; round <= rounds; round++) {
      for (int i = 0; i < variants.size(); i++) {
        Variant v = variants.get((i + round) % variants.size());
        v.before().call();
        LOG.debug("{} {}: timed part starts", benchmark, v.name());
        long start = System.nanoTime();
        String result = v.timed().call();
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.debug("{} {}: timed part ends", benchmark, v.name());
        String check = v.after().apply(result);
        LOG.info(
            "{} {} {}: {} s{}",
            benchmark,
            round == 0 ? "warm-up" : "round " + round,
            v.name(),
            String.format(Locale.ROOT, "%.3f", seconds),
            check == null ? "" : " (" + check + ")");
        if (expected != null && !expected.equals(check)) {
          check = check + " [expected " + expected + "]";
        }
        String previous = checks.putIfAbsent(v, check);
        if (previous != null && !previous.equals(check)) {
          checks.put(v, previous + " | " + check);
        }
        if (round > 0) {
          times.computeIfAbsent(v, k -> new ArrayList<>()).add(seconds);
        }
      }
    }
    List<Double> baseline =
        variants.stream().filter(Variant::baseline).findFirst().map(times::get).orElse(null);
    List<Measurement> out = new ArrayList<>();
    for (Variant v : variants) {
      out.add(
          new Measurement(
              benchmark, v.name(), times.get(v), records, bytes, baseline, checks.get(v)));
    }
    return out;
  }
}
