package io.github.sparkkafkasql.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The results as a table: medians, throughput, and ratios, where above 1 means faster. "vs
 * DataFrame API" compares medians with the benchmark's baseline (the DataFrame API; in B3 the
 * hand-written job), "paired" is the median of the per-round ratios to it, and "vs raw consumer"
 * compares medians with B4.
 */
final class Report {

  static final List<String> HEADER =
      List.of(
          "benchmark",
          "variant",
          "median s",
          "records/s",
          "MB/s",
          "vs DataFrame API",
          "paired",
          "vs raw consumer",
          "rounds s");

  private Report() {}

  /** One row of text per measurement, in HEADER's order. */
  static List<List<String>> rows(List<Measurement> all) {
    Double consumer =
        all.stream()
            .filter(m -> m.benchmark().equals("B4"))
            .findFirst()
            .map(Measurement::median)
            .orElse(null);
    List<List<String>> rows = new ArrayList<>();
    for (Measurement m : all) {
      double median = m.median();
      boolean throughput = m.records() > 0;
      rows.add(
          List.of(
              m.benchmark(),
              m.variant(),
              format("%.3f", median),
              throughput ? format("%.0f", m.records() / median) : "",
              throughput ? format("%.1f", m.bytes() / 1e6 / median) : "",
              m.ratio() != null ? format("%.2f", m.ratio()) : "",
              m.pairedRatio() != null ? format("%.2f", m.pairedRatio()) : "",
              throughput && consumer != null ? format("%.2f", consumer / median) : "",
              m.seconds().stream().map(s -> format("%.3f", s)).collect(Collectors.joining(" "))));
    }
    return rows;
  }

  /** Prints the table, aligned, then whether the variants of each benchmark agreed. */
  static void print(PrintWriter out, List<Measurement> all) {
    List<List<String>> rows = new ArrayList<>(List.of(HEADER));
    rows.addAll(rows(all));
    int[] widths = new int[HEADER.size()];
    rows.forEach(r -> range(r).forEach(i -> widths[i] = Math.max(widths[i], r.get(i).length())));
    for (List<String> r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i : range(r)) {
        String pad = " ".repeat(widths[i] - r.get(i).length());
        line.append(i == 1 ? r.get(i) + pad : pad + r.get(i)).append("  ");
      }
      out.println(line.toString().stripTrailing());
    }
    checks(all)
        .forEach((benchmark, checks) -> out.println(benchmark + " checks: " + verdict(checks)));
    out.flush();
  }

  /** Writes the table as CSV (RFC 4180: fields with commas or quotes are quoted). */
  static void csv(Path file, List<Measurement> all) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(csvLine(HEADER));
    rows(all).forEach(r -> lines.add(csvLine(r)));
    Files.write(file, lines);
  }

  private static String csvLine(List<String> fields) {
    return fields.stream()
        .map(f -> f.contains(",") || f.contains("\"") ? "\"" + f.replace("\"", "\"\"") + "\"" : f)
        .collect(Collectors.joining(","));
  }

  private static Map<String, Set<String>> checks(List<Measurement> all) {
    Map<String, Set<String>> checks = new LinkedHashMap<>();
    all.stream()
        .filter(m -> m.check() != null)
        .forEach(
            m -> checks.computeIfAbsent(m.benchmark(), b -> new LinkedHashSet<>()).add(m.check()));
    return checks;
  }

  private static String verdict(Set<String> checks) {
    return checks.size() == 1
        ? "identical in every variant and round (" + checks.iterator().next() + ")"
        : "DIFFERENT: " + String.join(" / ", checks);
  }

  private static List<Integer> range(List<String> row) {
    return java.util.stream.IntStream.range(0, row.size()).boxed().toList();
  }

  private static String format(String pattern, double value) {
    return String.format(Locale.ROOT, pattern, value);
  }
}
