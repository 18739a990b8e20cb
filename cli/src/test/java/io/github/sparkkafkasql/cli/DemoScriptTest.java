package io.github.sparkkafkasql.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sparkkafkasql.cli.DemoScript.Note;
import io.github.sparkkafkasql.cli.DemoScript.Produce;
import io.github.sparkkafkasql.cli.DemoScript.Sql;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoScriptTest {

  @Test
  void parsesTheProduceDirective() {
    assertThat(ProduceDirective.parse(" @produce clicks 100"))
        .contains(new ProduceDirective("clicks", 100));
    assertThat(ProduceDirective.parse("@produce  my.topic-1\t7  "))
        .contains(new ProduceDirective("my.topic-1", 7));
  }

  @Test
  void ordinaryCommentsAreNoDirective() {
    assertThat(ProduceDirective.parse(" count the clicks @produce")).isEqualTo(Optional.empty());
    assertThat(ProduceDirective.parse("")).isEmpty();
  }

  @Test
  void malformedOrUnknownDirectivesFail() {
    assertThatThrownBy(() -> ProduceDirective.parse(" @produce clicks"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-- @produce <topic> <count>");
    assertThatThrownBy(() -> ProduceDirective.parse(" @produce clicks many"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProduceDirective.parse(" @consume clicks 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown directive '@consume'");
  }

  @Test
  void directivesRunBeforeTheNextStatement() {
    String script =
        "-- Count them.\n"
            + "SELECT count(*) FROM t;\n"
            + "-- @produce clicks 10\n"
            + "SELECT 'after; produce';\n"
            + "-- @produce other 2\n";
    assertThat(DemoScript.parse(script))
        .containsExactly(
            new Note(" Count them."),
            new Sql("SELECT count(*) FROM t"),
            new Produce(new ProduceDirective("clicks", 10)),
            new Sql("SELECT 'after; produce'"),
            new Produce(new ProduceDirective("other", 2)));
  }

  @Test
  void aDirectiveInsideAStatementRunsAfterIt() {
    String script = "SELECT 1\n-- @produce clicks 5\nFROM t;\nSELECT 2;";
    assertThat(DemoScript.parse(script))
        .containsExactly(
            new Sql("SELECT 1\n-- @produce clicks 5\nFROM t"),
            new Produce(new ProduceDirective("clicks", 5)),
            new Sql("SELECT 2"));
  }

  @Test
  void theQuickstartParses() throws Exception {
    String text =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("..", "docs", "examples", "quickstart.sql"));
    assertThat(DemoScript.parse(text))
        .filteredOn(Sql.class::isInstance)
        .hasSizeGreaterThanOrEqualTo(5)
        .allSatisfy(s -> assertThat(((Sql) s).text()).doesNotEndWith(";"));
    assertThat(DemoScript.parse(text)).anyMatch(Produce.class::isInstance);
  }

  @Test
  void theAvroDemoParses() throws Exception {
    String text =
        java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "examples", "avro.sql"));
    assertThat(DemoScript.parse(text))
        .filteredOn(Sql.class::isInstance)
        .hasSizeGreaterThanOrEqualTo(5)
        .anyMatch(s -> ((Sql) s).text().contains("${registry}"));
    assertThat(DemoScript.parse(text))
        .contains(new Produce(new ProduceDirective(AvroOrders.TOPIC, 50)));
  }
}
