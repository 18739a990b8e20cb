package io.github.sparkkafkasql.errors;

/**
 * Factories for the errors of {@code secret('name')} references, one method per condition, as in
 * {@link KafkaSqlErrors}.
 */
public final class SecretErrors {

  private SecretErrors() {}

  public static RuntimeException secretUsage() {
    return KafkaSqlErrors.error("KAFKA_SQL_SECRET_USAGE");
  }

  public static RuntimeException secretNotFound(
      String name, String option, String conf, String env) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_SECRET_NOT_FOUND", "name", name, "option", option, "conf", conf, "env", env);
  }

  public static RuntimeException secretInDefinition(String option) {
    return KafkaSqlErrors.error("KAFKA_SQL_SECRET_IN_DEFINITION", "option", option);
  }
}
