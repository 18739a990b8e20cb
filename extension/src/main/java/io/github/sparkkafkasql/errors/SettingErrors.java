package io.github.sparkkafkasql.errors;

/**
 * Factories for the errors of {@code spark.kafkaSql.*} settings, one method per condition, as in
 * {@link KafkaSqlErrors}.
 */
public final class SettingErrors {

  private SettingErrors() {}

  public static RuntimeException invalidSetting(
      String key, String value, String problem, String validValues) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_INVALID_SETTING",
        "key",
        key,
        "value",
        value,
        "problem",
        problem,
        "validValues",
        validValues);
  }
}
