package io.github.sparkkafkasql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableFormatTest {

  @Test
  void boxesRowsAndAlignsNumbersRight() {
    String table =
        TableFormat.render(
            List.of("page", "views"),
            new boolean[] {false, true},
            List.of(List.of("/home", "7"), Arrays.asList(null, "12")));
    assertThat(table)
        .isEqualTo(
            "+-------+-------+\n"
                + "| page  | views |\n"
                + "+-------+-------+\n"
                + "| /home |     7 |\n"
                + "| NULL  |    12 |\n"
                + "+-------+-------+\n");
  }

  @Test
  void longAndMultiLineValuesStayOnOneShortLine() {
    assertThat(TableFormat.cell("a\nb\tc")).isEqualTo("a\\nb c");
    assertThat(TableFormat.cell("x".repeat(100))).hasSize(TableFormat.MAX_WIDTH).endsWith("...");
  }
}
