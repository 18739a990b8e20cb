package io.github.sparkkafkasql.options;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.errors.ErrorDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The generated reference pages under docs/reference must match the declarations. */
class OptionsDocsTest {

  private static final boolean GENERATE = "1".equals(System.getenv("SPARK_GENERATE_GOLDEN_FILES"));
  private static final Path REFERENCE = Paths.get("..", "docs", "reference");

  @Test
  void optionsReferenceIsCurrent() throws IOException {
    check(REFERENCE.resolve("read-kafka-options.md"), OptionsDocs.markdown());
  }

  @Test
  void errorsReferenceIsCurrent() throws IOException {
    check(REFERENCE.resolve("errors.md"), ErrorDocs.markdown());
  }

  @Test
  void everyOptionIsDocumented() {
    for (KafkaOption o : ReadKafkaOptions.ALL) {
      assertThat(OptionsDocs.markdown()).contains("| `" + o.name() + "`");
      assertThat(o.doc()).as(o.name()).isNotBlank().endsWith(".");
    }
  }

  private static void check(Path file, String generated) throws IOException {
    if (GENERATE) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, generated);
    }
    assertThat(file).as("missing; regenerate with SPARK_GENERATE_GOLDEN_FILES=1").exists();
    assertThat(Files.readString(file))
        .as(
            file
                + " is stale: regenerate with SPARK_GENERATE_GOLDEN_FILES=1 ./mvnw -pl extension"
                + " -am verify -Dit.test=none -Dtest=OptionsDocsTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false")
        .isEqualTo(generated);
  }
}
