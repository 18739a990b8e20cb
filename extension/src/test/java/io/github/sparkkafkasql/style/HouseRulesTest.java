package io.github.sparkkafkasql.style;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a formatter cannot see (STYLE.md): the layering of packages, the single entry point, and a
 * few rules for main code. Reads the sources as text.
 */
class HouseRulesTest {

  private static final Path MAIN = Paths.get("src/main/java/io/github/sparkkafkasql");

  private static List<Path> sources(String pkg) throws IOException {
    try (Stream<Path> files = Files.walk(pkg.isEmpty() ? MAIN : MAIN.resolve(pkg))) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  private static List<String> offending(List<Path> files, Pattern pattern) throws IOException {
    List<String> found = new ArrayList<>();
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        if (pattern.matcher(lines.get(i)).find()) {
          found.add(MAIN.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
        }
      }
    }
    return found;
  }

  @Test
  void optionsAndErrorsImportNothingOfOurs() throws IOException {
    for (String pkg : List.of("options", "errors")) {
      Pattern ours = Pattern.compile("^import io\\.github\\.sparkkafkasql\\.(?!" + pkg + "\\.)");
      assertThat(offending(sources(pkg), ours)).as(pkg).isEmpty();
    }
  }

  @Test
  void theParserNeverImportsStreaming() throws IOException {
    Pattern streaming = Pattern.compile("^import io\\.github\\.sparkkafkasql\\.streaming\\.");
    assertThat(offending(sources("parser"), streaming)).isEmpty();
  }

  @Test
  void pushdownAndStreamingUseKafkaNotTheTableFunction() throws IOException {
    Pattern tvf = Pattern.compile("^import io\\.github\\.sparkkafkasql\\.tvf\\.");
    for (String pkg : List.of("pushdown", "streaming", "kafka", "channels")) {
      assertThat(offending(sources(pkg), tvf)).as(pkg).isEmpty();
    }
  }

  @Test
  void onlyTheEntryPointInjectsIntoSpark() throws IOException {
    List<String> injections = offending(sources(""), Pattern.compile("\\.inject[A-Z]\\w*\\("));
    assertThat(injections).isNotEmpty().allMatch(l -> l.startsWith("KafkaSqlExtensions.java:"));
  }

  @Test
  void caseConversionsUseLocaleRoot() throws IOException {
    Pattern bare = Pattern.compile("\\.to(Lower|Upper)Case\\(\\)");
    assertThat(offending(sources(""), bare)).isEmpty();
  }

  @Test
  void mainCodeLogsInsteadOfPrinting() throws IOException {
    Pattern printing = Pattern.compile("System\\.(out|err)|printStackTrace\\(");
    assertThat(offending(sources(""), printing)).isEmpty();
  }

  @Test
  void noGuavaSinceSparkShadesIt() throws IOException {
    assertThat(offending(sources(""), Pattern.compile("^import com\\.google\\.common\\.")))
        .isEmpty();
  }
}
