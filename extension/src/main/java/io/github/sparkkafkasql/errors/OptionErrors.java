package io.github.sparkkafkasql.errors;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.util.QuotingUtils;

/**
 * Factories for the errors of {@code read_kafka}'s named arguments: missing, misspelt, repeated,
 * conflicting or invalid options, one method per condition, as in {@link KafkaSqlErrors}.
 */
public final class OptionErrors {

  private OptionErrors() {}

  public static RuntimeException missingOption(String option, String example) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_MISSING_OPTION",
        "function",
        KafkaSqlErrors.READ_KAFKA,
        "option",
        option,
        "example",
        example);
  }

  public static RuntimeException missingOptions(List<String> missing, String example) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_MISSING_OPTIONS",
        "function",
        KafkaSqlErrors.READ_KAFKA,
        "missing",
        String.join("; ", missing),
        "example",
        example);
  }

  public static RuntimeException positionalArgument(int position, String argumentSql) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_POSITIONAL_ARGUMENT",
        "function",
        KafkaSqlErrors.READ_KAFKA,
        "position",
        String.valueOf(position),
        "argument",
        argumentSql);
  }

  public static RuntimeException topicSelection(String problem) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_TOPIC_SELECTION", "function", KafkaSqlErrors.READ_KAFKA, "problem", problem);
  }

  public static RuntimeException conflictingOptions(List<String> options, String what) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_CONFLICTING_OPTIONS",
        "options",
        options.stream().map(QuotingUtils::quoteIdentifier).collect(Collectors.joining(" and ")),
        "function",
        KafkaSqlErrors.READ_KAFKA,
        "what",
        what);
  }

  public static RuntimeException nonConstantOption(String option, String expressionSql) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_NON_CONSTANT_OPTION", "option", option, "expression", expressionSql);
  }

  public static RuntimeException unquotedOptionName(String name) {
    return KafkaSqlErrors.error("KAFKA_SQL_OPTION_NAME_NOT_QUOTED", "name", name);
  }

  public static RuntimeException nullOption(String option) {
    return KafkaSqlErrors.error("KAFKA_SQL_NULL_OPTION", "option", option);
  }

  /**
   * Kafka's client refusing a {@code kafka.*} setting, from its configuration's message ("Invalid
   * value X for configuration Y: why"). Values of settings that may hold secrets are not shown.
   */
  public static RuntimeException kafkaClientSetting(String message) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "Invalid value (.*) for configuration ([^:\\s]+)(?::\\s*(.*))?",
                java.util.regex.Pattern.DOTALL)
            .matcher(message == null ? "" : message);
    if (!m.matches()) {
      return invalidOptionValue(
          "kafka.*",
          "(not shown)",
          "Kafka client setting",
          "is refused by Kafka's client: " + message,
          "");
    }
    String name = m.group(2);
    boolean secret = name.matches("(?i).*(password|jaas|secret|key\\b|token).*");
    return invalidOptionValue(
        "kafka." + name,
        secret ? "(not shown)" : "'" + m.group(1) + "'",
        "Kafka client setting",
        "is refused by Kafka's client" + (m.group(3) == null ? "" : " (" + m.group(3).trim() + ")"),
        " See Kafka's consumer configuration for the values `" + name + "` accepts.");
  }

  /**
   * A value that does not fit its option. {@code shownValue} is already quoted, or a redaction
   * marker for secrets.
   */
  public static RuntimeException invalidOptionValue(
      String option, String shownValue, String type, String problem, String hint) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_INVALID_OPTION_VALUE",
        "option",
        option,
        "value",
        shownValue,
        "type",
        type,
        "problem",
        problem,
        "hint",
        hint.isEmpty() ? "" : " " + hint);
  }

  public static RuntimeException optionNotInScope(
      String option, String scope, String mode, String hint) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_OPTION_NOT_IN_SCOPE",
        "option",
        option,
        "scope",
        scope,
        "mode",
        mode,
        "hint",
        hint);
  }

  public static RuntimeException unsupportedKafkaOption(String option, String hint) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_UNSUPPORTED_KAFKA_OPTION",
        "option",
        option,
        "function",
        KafkaSqlErrors.READ_KAFKA,
        "hint",
        hint);
  }

  /** Spark's own condition for an unknown named argument, with the closest option names. */
  public static RuntimeException unknownOption(String name, List<String> proposals) {
    return KafkaSqlErrors.spark(
        "UNRECOGNIZED_PARAMETER_NAME",
        "routineName",
        KafkaSqlErrors.READ_KAFKA,
        "argumentName",
        QuotingUtils.quoteIdentifier(name),
        "proposal",
        proposals.stream().map(QuotingUtils::quoteIdentifier).collect(Collectors.joining(" ")));
  }

  /** Spark's own condition for an option given twice. */
  public static RuntimeException duplicateOption(String name) {
    return KafkaSqlErrors.spark(
        "DUPLICATE_ROUTINE_PARAMETER_ASSIGNMENT.DOUBLE_NAMED_ARGUMENT_REFERENCE",
        "routineName",
        KafkaSqlErrors.READ_KAFKA,
        "parameterName",
        QuotingUtils.quoteIdentifier(name));
  }
}
