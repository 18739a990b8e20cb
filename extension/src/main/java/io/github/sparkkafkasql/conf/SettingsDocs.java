package io.github.sparkkafkasql.conf;

/**
 * Renders the settings reference (docs/reference/configuration.md) from the declarations in {@link
 * KafkaSqlConf}, so the docs cannot drift from the code.
 */
public final class SettingsDocs {

  private SettingsDocs() {}

  /** The whole Markdown page. */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("<!-- Generated from KafkaSqlConf.java; do not edit. Regenerate with:\n")
        .append(
            "     SPARK_GENERATE_GOLDEN_FILES=1 ./mvnw -pl extension -am verify"
                + " -Dit.test=none -Dtest=SettingsDocsTest -Dsurefire.failIfNoSpecifiedTests=false -->\n")
        .append("# Configuration\n\n")
        .append("Settings of the extension, as Spark confs. Set a session setting with")
        .append(" `SET spark.kafkaSql.connectTimeout = 60s` or `spark.conf.set(…)`; it applies to")
        .append(" the session that set it. Settings read when the application starts go on the")
        .append(" command line (`--conf spark.kafkaSql.scheduler.enabled=false`) or in")
        .append(" `spark-defaults.conf`. A value that is not valid fails the statement that reads")
        .append(" it with `KAFKA_SQL_INVALID_SETTING`.\n\n")
        .append("| Setting | Type | Default | Read | Valid values | Description |\n")
        .append("|---|---|---|---|---|---|\n");
    for (Setting<?> s : KafkaSqlConf.ALL) {
      md.append("| `")
          .append(s.key())
          .append("` | ")
          .append(s.type())
          .append(" | ")
          .append(code(s.defaultDoc()))
          .append(" | ")
          .append(s.atStartup() ? "at application start" : "per session")
          .append(" | ")
          .append(s.validValues().replace("|", "\\|"))
          .append(" | ")
          .append(s.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    return md.toString();
  }

  private static String code(String text) {
    if (text.isEmpty() || text.startsWith("(")) {
      return text;
    }
    return "`" + text + "`";
  }
}
