package io.github.sparkkafkasql.sqltests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One golden-file input: its steps, in order, and the config sets it runs under.
 *
 * <p>Lines starting with {@code --} are comments, except directives:
 *
 * <ul>
 *   <li>{@code --TOPIC …} and {@code --PRODUCE …} seed Kafka at that point of the file, between
 *       queries (see {@link Directives}).
 *   <li>{@code --SET k=v[,k=v…]} sets session confs from that point to the end of the file. Unlike
 *       Spark's SQLQueryTestSuite, where {@code --SET} holds for the whole file wherever it stands,
 *       it takes effect in place, so a file can end with a section that pins a conf its config
 *       dimension varies (EXPLAIN output, say). Like Spark's, it is not shown in the output; a
 *       {@code SET k=v;} query is.
 *   <li>{@code --CONFIG_DIM<name> k=v[,k=v…]}, Spark's convention: every line of one dimension is
 *       one config set, and the file runs once for each combination of one set per dimension, every
 *       run compared with the same golden file. Seed Kafka before the first query of such a file:
 *       the seeding runs once, the queries once per combination.
 * </ul>
 *
 * A query ends with a {@code ;} at the end of a line, as in Spark's SQLQueryTestSuite.
 */
record InputFile(Path path, List<Step> steps, Map<String, List<Map<String, String>>> dimensions) {

  /** What a step does. */
  enum Kind {
    SEED,
    SET,
    QUERY
  }

  /** A directive or a query. */
  record Step(Kind kind, String text) {

    /** The confs of a {@code --SET} step. */
    Map<String, String> confs() {
      return InputFile.confs(text);
    }
  }

  List<String> queries() {
    return steps.stream().filter(s -> s.kind() == Kind.QUERY).map(Step::text).toList();
  }

  /** Every combination of one config set per dimension; one empty set without dimensions. */
  List<Map<String, String>> configSets() {
    List<Map<String, String>> sets = List.of(Map.of());
    for (List<Map<String, String>> dimension : dimensions.values()) {
      List<Map<String, String>> product = new ArrayList<>();
      for (Map<String, String> set : sets) {
        for (Map<String, String> value : dimension) {
          Map<String, String> both = new LinkedHashMap<>(set);
          both.putAll(value);
          product.add(both);
        }
      }
      sets = product;
    }
    return sets;
  }

  static InputFile read(Path path) throws IOException {
    List<Step> steps = new ArrayList<>();
    Map<String, List<Map<String, String>>> dimensions = new LinkedHashMap<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(path)) {
      String trimmed = line.trim();
      if (trimmed.startsWith("--")) {
        String body = trimmed.substring(2).trim();
        if (body.startsWith("TOPIC ")
            || body.startsWith("PRODUCE ")
            || body.startsWith("REGISTER ")
            || body.startsWith("PRODUCE_AVRO ")
            || body.startsWith("PRODUCE_AVRO_TRUNCATED ")) {
          steps.add(new Step(Kind.SEED, body));
        } else if (body.startsWith("SET ")) {
          steps.add(new Step(Kind.SET, body.substring(4).trim()));
        } else if (body.startsWith("CONFIG_DIM")) {
          String[] nameAndSet = body.substring("CONFIG_DIM".length()).split("\\s+", 2);
          dimensions
              .computeIfAbsent(nameAndSet[0], k -> new ArrayList<>())
              .add(confs(nameAndSet[1]));
        }
        continue;
      }
      if (current.length() > 0 || !trimmed.isEmpty()) {
        current.append(line).append('\n');
      }
      if (trimmed.endsWith(";")) {
        String q = current.toString().trim();
        steps.add(new Step(Kind.QUERY, q.substring(0, q.length() - 1).trim()));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      steps.add(new Step(Kind.QUERY, current.toString().trim()));
    }
    InputFile file = new InputFile(path, steps, dimensions);
    file.checkSeedsComeFirst();
    return file;
  }

  /** Each run of a file with dimensions sees the same records, seeded before any query. */
  private void checkSeedsComeFirst() {
    if (dimensions.isEmpty()) {
      return;
    }
    boolean queried = false;
    for (Step step : steps) {
      queried |= step.kind() == Kind.QUERY;
      if (queried && step.kind() == Kind.SEED) {
        throw new IllegalArgumentException(
            path
                + ": with --CONFIG_DIM, seed Kafka before the first query (each config set reruns"
                + " the queries, not the seeding), but found --"
                + step.text());
      }
    }
  }

  /** {@code k=v[,k=v…]}, as Spark's SQLQueryTestSuite reads {@code --SET} and config sets. */
  private static Map<String, String> confs(String text) {
    Map<String, String> confs = new LinkedHashMap<>();
    for (String kv : text.split(",")) {
      int eq = kv.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("Expected k=v[,k=v...], got: " + text);
      }
      confs.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    return confs;
  }
}
