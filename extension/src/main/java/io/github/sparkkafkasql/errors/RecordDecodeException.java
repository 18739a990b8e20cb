package io.github.sparkkafkasql.errors;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.apache.spark.SparkThrowableHelper;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Kafka record whose key or value does not decode, raised on an executor while the query runs
 * (not at analysis time, hence not an {@code AnalysisException}). It carries its condition and
 * parameters like Spark's own runtime errors, so clients see a stable error class.
 */
public final class RecordDecodeException extends RuntimeException implements SparkThrowable {

  private static final long serialVersionUID = 1L;

  private final String condition;
  private final String sqlState;
  private final HashMap<String, String> parameters;

  RecordDecodeException(String condition, Map<String, String> parameters, Throwable cause) {
    super(message(condition, parameters), cause);
    this.condition = condition;
    this.sqlState = ErrorConditions.get(condition).sqlState();
    this.parameters = new HashMap<>(parameters);
  }

  private static String message(String condition, Map<String, String> parameters) {
    ErrorConditions.Condition c = ErrorConditions.get(condition);
    return SparkThrowableHelper.getMessage(
        condition,
        c.sqlState(),
        c.template(),
        scala.collection.immutable.Map.from(CollectionConverters.asScala(parameters)));
  }

  @Override
  public String getCondition() {
    return condition;
  }

  @Override
  public String getSqlState() {
    return sqlState;
  }

  @Override
  public Map<String, String> getMessageParameters() {
    return Map.copyOf(parameters);
  }
}
