package io.github.sparkkafkasql.sqltests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One golden-file input: its setup directives and its queries.
 *
 * <p>Lines starting with {@code --} are comments, except directives ({@code --TOPIC …}, {@code
 * --PRODUCE …}) which seed Kafka before the queries run. A query ends with a {@code ;} at the end
 * of a line, as in Spark's SQLQueryTestSuite.
 */
record InputFile(Path path, List<String> directives, List<String> queries) {

  static InputFile read(Path path) throws IOException {
    List<String> directives = new ArrayList<>();
    List<String> queries = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(path)) {
      String trimmed = line.trim();
      if (trimmed.startsWith("--")) {
        String body = trimmed.substring(2).trim();
        if (body.startsWith("TOPIC ") || body.startsWith("PRODUCE ")) {
          directives.add(body);
        }
        continue;
      }
      if (current.length() > 0 || !trimmed.isEmpty()) {
        current.append(line).append('\n');
      }
      if (trimmed.endsWith(";")) {
        String q = current.toString().trim();
        queries.add(q.substring(0, q.length() - 1).trim());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      queries.add(current.toString().trim());
    }
    return new InputFile(path, directives, queries);
  }
}
