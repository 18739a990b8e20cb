package io.github.sparkkafkasql.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.SharedSparkIT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every statement in the {@code sql} blocks of the README and docs parses with the extension, so
 * that what users copy from the docs is SQL this version understands. Parsing checks the syntax,
 * the function and option names are checked when a statement runs: the golden files do that.
 */
class DocsSqlIT extends SharedSparkIT {

  private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
  private static final Pattern SQL_BLOCK = Pattern.compile("(?ms)^```sql\\n(.*?)^```");

  @Test
  void everyDocumentedStatementParses() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (var files = Files.newDirectoryStream(ROOT.resolve("docs"), "*.md")) {
      files.forEach(docs::add);
    }
    int parsed = 0;
    List<String> failures = new ArrayList<>();
    for (Path doc : docs) {
      Matcher m = SQL_BLOCK.matcher(Files.readString(doc));
      while (m.find()) {
        for (String statement : statements(m.group(1))) {
          try {
            spark.sessionState().sqlParser().parsePlan(statement);
            parsed++;
          } catch (Exception e) {
            failures.add(ROOT.relativize(doc) + ": " + statement + "\n  " + e.getMessage());
          }
        }
      }
    }
    assertThat(failures).as("statements in the docs that do not parse").isEmpty();
    assertThat(parsed).as("statements found in the docs").isGreaterThan(50);
  }

  /** The statements of a block: comment lines dropped, split at a ';' that ends a line. */
  private static List<String> statements(String block) {
    List<String> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : block.split("\n")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.stripTrailing().endsWith(";")) {
        add(result, current);
      }
    }
    add(result, current);
    return result;
  }

  private static void add(List<String> statements, StringBuilder text) {
    String s = text.toString().strip();
    if (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    if (!s.isEmpty()) {
      statements.add(s);
    }
    text.setLength(0);
  }
}
