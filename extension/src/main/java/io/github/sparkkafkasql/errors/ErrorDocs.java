package io.github.sparkkafkasql.errors;

import java.util.Map;

/** Renders the error conditions reference (docs/reference/errors.md) from the JSON file. */
public final class ErrorDocs {

  private ErrorDocs() {}

  /** The whole Markdown page. */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("<!-- Generated from ")
        .append(ErrorConditions.RESOURCE)
        .append("; do not edit. Regenerate with:\n")
        .append(
            "     SPARK_GENERATE_GOLDEN_FILES=1 ./mvnw -pl extension -am verify"
                + " -Dit.test=none -Dtest=OptionsDocsTest -Dsurefire.failIfNoSpecifiedTests=false -->\n")
        .append("# Error conditions\n\n")
        .append("Every error this extension raises is an `AnalysisException` with one of these")
        .append(" conditions (its `errorClass`) and SQLSTATE, so scripts and JDBC clients can")
        .append(" match on them. `<name>` marks a message parameter. Unknown or repeated option")
        .append(" names use Spark's own `UNRECOGNIZED_PARAMETER_NAME` and")
        .append(" `DUPLICATE_ROUTINE_PARAMETER_ASSIGNMENT`, and an unknown time zone in a")
        .append(" schedule Spark's `INVALID_TIMEZONE`.\n\n")
        .append("| Condition | SQLSTATE | Message |\n|---|---|---|\n");
    for (Map.Entry<String, ErrorConditions.Condition> e : ErrorConditions.all().entrySet()) {
      md.append("| `")
          .append(e.getKey())
          .append("` | ")
          .append(e.getValue().sqlState())
          .append(" | ")
          .append(
              e.getValue().template().replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;"))
          .append(" |\n");
    }
    return md.toString();
  }
}
