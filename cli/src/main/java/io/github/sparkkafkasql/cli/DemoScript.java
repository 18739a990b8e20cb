package io.github.sparkkafkasql.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A demo script: SQL statements interleaved with {@code -- @produce <topic> <n>} directives.
 *
 * <p>A directive between statements runs before the statement that follows it; one written inside a
 * statement runs right after that statement, so it still precedes the next one. Other {@code --}
 * comments between statements are kept as notes, which the demo prints as it goes.
 */
final class DemoScript {

  /** One step of the script, run in order. */
  sealed interface Step permits Sql, Produce, Note {}

  /** A statement to run. */
  record Sql(String text) implements Step {}

  /** Events to produce before the next statement. */
  record Produce(ProduceDirective directive) implements Step {}

  /** A {@code --} comment between statements (its text after the dashes), echoed by the demo. */
  record Note(String text) implements Step {}

  private DemoScript() {}

  /**
   * The steps of a script's text.
   *
   * @throws IllegalArgumentException for an unknown or malformed directive
   */
  static List<Step> parse(String text) {
    List<Step> steps = new ArrayList<>();
    List<Step> afterCurrent = new ArrayList<>();
    StatementSplitter.scan(
        text,
        new StatementSplitter.Listener() {
          @Override
          public void statement(String sql) {
            steps.add(new Sql(sql));
            steps.addAll(afterCurrent);
            afterCurrent.clear();
          }

          @Override
          public void lineComment(String body, boolean inStatement) {
            Step step = ProduceDirective.parse(body).<Step>map(Produce::new).orElse(null);
            if (step != null) {
              (inStatement ? afterCurrent : steps).add(step);
            } else if (!inStatement) {
              steps.add(new Note(body));
            }
          }
        },
        true);
    steps.addAll(afterCurrent);
    return steps;
  }
}
