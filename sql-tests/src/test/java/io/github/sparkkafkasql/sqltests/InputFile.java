package io.github.sparkkafkasql.sqltests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One golden-file input: its steps, in order.
 *
 * <p>Lines starting with {@code --} are comments, except directives ({@code --TOPIC …}, {@code
 * --PRODUCE …}) which seed Kafka at that point of the file, between queries. A query ends with a
 * {@code ;} at the end of a line, as in Spark's SQLQueryTestSuite.
 */
record InputFile(Path path, List<Step> steps) {

  /** A directive or a query. */
  record Step(boolean directive, String text) {}

  List<String> queries() {
    return steps.stream().filter(s -> !s.directive()).map(Step::text).toList();
  }

  static InputFile read(Path path) throws IOException {
    List<Step> steps = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(path)) {
      String trimmed = line.trim();
      if (trimmed.startsWith("--")) {
        String body = trimmed.substring(2).trim();
        if (body.startsWith("TOPIC ") || body.startsWith("PRODUCE ")) {
          steps.add(new Step(true, body));
        }
        continue;
      }
      if (current.length() > 0 || !trimmed.isEmpty()) {
        current.append(line).append('\n');
      }
      if (trimmed.endsWith(";")) {
        String q = current.toString().trim();
        steps.add(new Step(false, q.substring(0, q.length() - 1).trim()));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      steps.add(new Step(false, current.toString().trim()));
    }
    return new InputFile(path, steps);
  }
}
