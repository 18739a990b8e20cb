package io.github.sparkkafkasql.options;

/**
 * Renders the {@code read_kafka} options reference (docs/reference/read-kafka-options.md) from the
 * declarations in {@link ReadKafkaOptions}, so the docs cannot drift from the code.
 */
public final class OptionsDocs {

  private OptionsDocs() {}

  /** The whole Markdown page. */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("<!-- Generated from ReadKafkaOptions.java; do not edit. Regenerate with:\n")
        .append(
            "     SPARK_GENERATE_GOLDEN_FILES=1 ./mvnw -pl extension -am verify"
                + " -Dit.test=none -Dtest=OptionsDocsTest -Dsurefire.failIfNoSpecifiedTests=false -->\n")
        .append("# `read_kafka` options\n\n")
        .append("Pass options as named arguments: `read_kafka(bootstrapServers => 'host:9092',")
        .append(" subscribe => 'events', startingOffsets => 'earliest')`. Names ignore case;")
        .append(" names with dots go in backticks (`` `kafka.security.protocol` => 'SSL' ``).")
        .append(" Values are constant expressions, folded when the query is analyzed.\n\n")
        .append("| Option | Type | Default | Applies to | Valid values | Description |\n")
        .append("|---|---|---|---|---|---|\n");
    for (KafkaOption o : ReadKafkaOptions.ALL) {
      md.append("| `")
          .append(o.name())
          .append(o.required() ? "` (required)" : "`")
          .append(" | ")
          .append(o.type().sqlName())
          .append(" | ")
          .append(cell(o.defaultDoc()))
          .append(" | ")
          .append(o.scope().label())
          .append(" | ")
          .append(cell(o.validator().toString()))
          .append(" | ")
          .append(o.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    md.append("\nExactly one of `subscribe`, `subscribePattern` and `assign` is required.")
        .append(" At most one of `startingOffsets`, `startingTimestamp` and")
        .append(" `startingOffsetsByTimestamp`, and at most one of `endingOffsets`,")
        .append(" `endingTimestamp` and `endingOffsetsByTimestamp`, may be given.\n\n")
        .append("## `kafka.*` options\n\n")
        .append("Any other option whose name starts with `kafka.` is handed to the Kafka consumer")
        .append(" with the prefix removed (e.g. `` `kafka.security.protocol` => 'SASL_SSL' ``).")
        .append(" Values of keys that look like secrets (passwords, JAAS configs, keys) are never")
        .append(" printed. These keys are refused, because Spark's Kafka source cannot honour")
        .append(" them:\n\n")
        .append("| Key | Instead |\n|---|---|\n");
    ReadKafkaOptions.FORBIDDEN_KAFKA_KEYS.forEach(
        (k, v) -> md.append("| `").append(k).append("` | ").append(v).append(" |\n"));
    return md.toString();
  }

  private static String cell(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    return text.startsWith("`") ? text.replace("|", "\\|") : "`" + text.replace("|", "\\|") + "`";
  }
}
