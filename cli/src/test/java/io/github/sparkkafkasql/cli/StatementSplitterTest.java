package io.github.sparkkafkasql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

  @Test
  void splitsAtSemicolonsAndKeepsATrailingStatement() {
    assertThat(StatementSplitter.statements("SELECT 1;\nSELECT 2 ;  SELECT 3"))
        .containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
  }

  @Test
  void ignoresSemicolonsInStringsAndBackquotedIdentifiers() {
    String sql = "SELECT 'a;b', \"c;d\", `e;f` FROM t; SELECT 'it''s;', 'x\\';y'";
    assertThat(StatementSplitter.statements(sql))
        .containsExactly("SELECT 'a;b', \"c;d\", `e;f` FROM t", "SELECT 'it''s;', 'x\\';y'");
  }

  @Test
  void doubledBackquotesStayInsideTheIdentifier() {
    assertThat(StatementSplitter.statements("SELECT 1 AS `a``;b`; SELECT 2"))
        .containsExactly("SELECT 1 AS `a``;b`", "SELECT 2");
  }

  @Test
  void ignoresSemicolonsInComments() {
    String sql =
        "-- first; still a comment\n"
            + "SELECT 1 -- trailing; comment\n"
            + "  + 1;\n"
            + "/* block; /* nested; */ still; */ SELECT 2;";
    assertThat(StatementSplitter.statements(sql))
        .containsExactly("SELECT 1 -- trailing; comment\n  + 1", "SELECT 2");
  }

  @Test
  void commentsAndBlanksAloneAreNoStatement() {
    assertThat(StatementSplitter.statements(";;  \n-- only a comment\n/* and another */;"))
        .isEmpty();
  }

  @Test
  void dashesInsideAStringAreNotAComment() {
    assertThat(StatementSplitter.statements("SELECT '--;' ; SELECT 2"))
        .containsExactly("SELECT '--;'", "SELECT 2");
  }

  @Test
  void splitReturnsTheUnterminatedRemainder() {
    StatementSplitter.Split split = StatementSplitter.split("SELECT 1; SELECT 'a;\n");
    assertThat(split.statements()).containsExactly("SELECT 1");
    assertThat(split.remainder()).isEqualTo(" SELECT 'a;\n");
    assertThat(split.hasIncompleteStatement()).isTrue();
    assertThat(StatementSplitter.split("SELECT 1; -- done\n").hasIncompleteStatement()).isFalse();
  }

  @Test
  void reportsLineCommentsAndWhetherAStatementHadBegun() {
    List<String> events = new ArrayList<>();
    StatementSplitter.scan(
        "-- before\nSELECT 1 -- inside\n;",
        new StatementSplitter.Listener() {
          @Override
          public void statement(String sql) {
            events.add("sql:" + sql);
          }

          @Override
          public void lineComment(String body, boolean inStatement) {
            events.add((inStatement ? "in:" : "out:") + body);
          }
        },
        true);
    assertThat(events).containsExactly("out: before", "in: inside", "sql:SELECT 1");
  }
}
