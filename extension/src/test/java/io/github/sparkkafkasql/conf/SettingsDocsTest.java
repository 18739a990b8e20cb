package io.github.sparkkafkasql.conf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** docs/reference/configuration.md must match the declarations in {@link KafkaSqlConf}. */
class SettingsDocsTest {

  private static final boolean GENERATE = "1".equals(System.getenv("SPARK_GENERATE_GOLDEN_FILES"));
  private static final Path FILE = Paths.get("..", "docs", "reference", "configuration.md");

  @Test
  void configurationReferenceIsCurrent() throws IOException {
    String generated = SettingsDocs.markdown();
    if (GENERATE) {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, generated);
    }
    assertThat(FILE).as("missing; regenerate with SPARK_GENERATE_GOLDEN_FILES=1").exists();
    assertThat(Files.readString(FILE))
        .as(
            FILE
                + " is stale: regenerate with SPARK_GENERATE_GOLDEN_FILES=1 ./mvnw -pl extension"
                + " -am verify -Dit.test=none -Dtest=SettingsDocsTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false")
        .isEqualTo(generated);
  }

  @Test
  void everySettingIsDocumented() {
    for (Setting<?> s : KafkaSqlConf.ALL) {
      assertThat(SettingsDocs.markdown()).contains("| `" + s.key() + "`");
      assertThat(s.key()).startsWith("spark.kafkaSql.");
      assertThat(s.doc()).as(s.key()).isNotBlank().endsWith(".");
    }
  }
}
