package io.github.sparkkafkasql.errors;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * How the errors of this extension are raised. The factories, one method per condition of {@code
 * kafka-sql-error-conditions.json}, live in one class per area ({@link OptionErrors}, {@link
 * SecretErrors}, {@link KafkaErrors}, {@link SecurityErrors}, {@link StreamingTableErrors}, {@link
 * ScheduleErrors}, {@link SettingErrors}, {@link SqlErrors}) and raise through {@link #error}: an
 * {@link AnalysisException} that carries the condition, its SQLSTATE and its parameters, so SQL
 * clients see a stable error class. Write {@code throw OptionErrors.x(…)} so the compiler knows the
 * call does not return.
 */
public final class KafkaSqlErrors {

  /** The function name as messages show it. */
  public static final String READ_KAFKA = "`read_kafka`";

  private KafkaSqlErrors() {}

  static RuntimeException error(String condition, String... keyValues) {
    return errorCausedBy(null, condition, keyValues);
  }

  /** {@link #error} with the failure that led to it as its cause ({@code null} for none). */
  static RuntimeException errorCausedBy(Throwable cause, String condition, String... keyValues) {
    ErrorConditions.Condition c = ErrorConditions.get(condition);
    return raise(
        new AnalysisException(
            condition,
            c.sqlState(),
            c.template(),
            params(keyValues),
            Option.apply(cause),
            Option.empty()));
  }

  static RuntimeException spark(String condition, String... keyValues) {
    return raise(new AnalysisException(condition, params(keyValues)));
  }

  /**
   * Throws {@code e} although Java sees AnalysisException as checked (Scala has no checked
   * exceptions, and Spark's analyzer expects it thrown from rules and builders). Declared to return
   * so that call sites read {@code throw KafkaSqlErrors.x(…)}; it never returns.
   */
  public static RuntimeException raise(AnalysisException e) {
    throw KafkaSqlErrors.<RuntimeException>sneaky(e);
  }

  @SuppressWarnings("unchecked")
  static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  static scala.collection.immutable.Map<String, String> params(String... keyValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], Redaction.apply(keyValues[i], keyValues[i + 1]));
    }
    return scala.collection.immutable.Map.from(CollectionConverters.asScala(m));
  }
}
