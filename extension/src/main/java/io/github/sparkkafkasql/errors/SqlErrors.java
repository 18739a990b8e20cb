package io.github.sparkkafkasql.errors;

import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.trees.Origin;
import scala.Option;

/**
 * Factories for errors in the SQL text: our statements' syntax, and {@code expr:path} on a type it
 * cannot read; one method per condition, as in {@link KafkaSqlErrors}.
 */
public final class SqlErrors {

  private SqlErrors() {}

  public static RuntimeException jsonPathType(String expression, String type) {
    return KafkaSqlErrors.error("KAFKA_SQL_JSON_PATH_TYPE", "expression", expression, "type", type);
  }

  /**
   * Spark's own syntax error, as a {@link ParseException} that shows the statement with a caret
   * (other parsers in the chain, such as Delta's, pass ParseExceptions through unchanged).
   */
  public static RuntimeException syntaxError(String sql, int offset, String found, String hint) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < sql.length(); i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    Origin origin =
        new Origin(
            Option.apply(line),
            Option.apply(offset - lineStart),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty());
    throw KafkaSqlErrors.<RuntimeException>sneaky(
        new ParseException(
            Option.apply(sql),
            origin,
            "PARSE_SYNTAX_ERROR",
            KafkaSqlErrors.params("error", found, "hint", ": " + hint)));
  }
}
