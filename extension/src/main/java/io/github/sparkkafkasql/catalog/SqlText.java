package io.github.sparkkafkasql.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting helpers for the SQL this extension generates. */
public final class SqlText {

  private SqlText() {}

  /** A string literal. */
  public static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** A multi-part identifier with each part in backticks. */
  public static String identifier(List<String> parts) {
    return parts.stream()
        .map(p -> "`" + p.replace("`", "``") + "`")
        .collect(Collectors.joining("."));
  }
}
