package io.github.sparkkafkasql.options;

/**
 * Checks an option's value once it has been converted to a string. Its {@code toString()} fills the
 * "Valid values" column of the generated docs.
 */
@FunctionalInterface
public interface Validator {

  /**
   * Returns why {@code value} is not acceptable, as a sentence fragment that completes "The value
   * …", or {@code null} when the value is fine.
   */
  String problem(String value);

  /**
   * The form of an acceptable {@code value} that reaches Spark and Kafka: a validator that accepts
   * variants (case, surrounding spaces) returns the one spelling those accept.
   */
  default String canonical(String value) {
    return value;
  }
}
