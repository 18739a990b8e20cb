package io.github.sparkkafkasql.conf;

import io.github.sparkkafkasql.errors.SettingErrors;
import io.github.sparkkafkasql.options.Validator;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SQLConf;
import scala.Option;

/**
 * One {@code spark.kafkaSql.*} setting: its key, type, default, validator and documentation, and
 * the typed value a use site reads. A value the validator refuses fails with {@code
 * KAFKA_SQL_INVALID_SETTING}, naming the key, the value and the valid values.
 *
 * @param <T> the type a use site reads
 */
public final class Setting<T> {

  private final String key;
  private final String type;
  private final String defaultValue;
  private final String defaultDoc;
  private final Validator validator;
  private final Function<String, T> convert;
  private final boolean atStartup;
  private final String doc;

  private Setting(Builder<T> b) {
    this.key = b.key;
    this.type = b.type;
    this.defaultValue = b.defaultValue;
    this.defaultDoc = b.defaultDoc;
    this.validator = b.validator;
    this.convert = b.convert;
    this.atStartup = b.atStartup;
    this.doc = Objects.requireNonNull(b.doc, "every setting needs a doc: " + b.key);
  }

  static Builder<Boolean> bool(String key) {
    return new Builder<>(key, "BOOLEAN", Settings.BOOLEAN, v -> Boolean.parseBoolean(v));
  }

  static Builder<Integer> integer(String key, int min) {
    return new Builder<>(key, "INT", Settings.atLeast(min), Integer::parseInt);
  }

  static Builder<Long> longValue(String key, long min) {
    return new Builder<>(key, "BIGINT", Settings.atLeastLong(min), Long::parseLong);
  }

  /** A duration such as {@code 20s}, read in milliseconds; a bare number is milliseconds. */
  static Builder<Long> durationMs(String key, long minMs) {
    return new Builder<>(key, "DURATION", Settings.duration(minMs), JavaUtils::timeStringAsMs);
  }

  static Builder<String> string(String key) {
    return new Builder<>(key, "STRING", Settings.ANY, v -> v);
  }

  /** The key, e.g. {@code spark.kafkaSql.connectTimeout}. */
  public String key() {
    return key;
  }

  /** The session's value (or the default), from the active session's SQL conf. */
  public T get() {
    return get(SQLConf.get());
  }

  /** The value in a session's SQL conf, or the default. */
  public T get(SQLConf conf) {
    return parse(conf.getConfString(key, null));
  }

  /** The value in a session's runtime conf, or the default. */
  public T get(SparkSession spark) {
    return parse(orNull(spark.conf().getOption(key)));
  }

  /** The value in an application's conf (for settings read when the SparkContext starts). */
  public T get(SparkConf conf) {
    return parse(orNull(conf.getOption(key)));
  }

  /** Converts a value as written (null: unset) to the typed value, or fails naming the key. */
  public T parse(String raw) {
    String value = raw == null ? defaultValue : raw;
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    String problem = validator.problem(trimmed);
    if (problem != null) {
      throw SettingErrors.invalidSetting(key, value, problem, validator.toString());
    }
    return convert.apply(trimmed);
  }

  private static String orNull(Option<String> value) {
    return value.isDefined() ? value.get() : null;
  }

  String type() {
    return type;
  }

  String defaultDoc() {
    return defaultDoc != null ? defaultDoc : defaultValue == null ? "" : defaultValue;
  }

  String validValues() {
    return validator.toString();
  }

  /** Whether the setting is read once, when the SparkContext starts, rather than per session. */
  boolean atStartup() {
    return atStartup;
  }

  String doc() {
    return doc;
  }

  @Override
  public String toString() {
    return key;
  }

  /** Builds one declaration. */
  static final class Builder<T> {
    private final String key;
    private final String type;
    private final Validator validator;
    private final Function<String, T> convert;
    private String defaultValue;
    private String defaultDoc;
    private boolean atStartup;
    private String doc;

    private Builder(String key, String type, Validator validator, Function<String, T> convert) {
      this.key = key;
      this.type = type;
      this.validator = validator;
      this.convert = convert;
    }

    Builder<T> defaultValue(String value) {
      this.defaultValue = value;
      return this;
    }

    /** How the docs describe the default, when it is not a value (e.g. "inside the table"). */
    Builder<T> defaultDoc(String text) {
      this.defaultDoc = text;
      return this;
    }

    Builder<T> atStartup() {
      this.atStartup = true;
      return this;
    }

    Builder<T> doc(String text) {
      this.doc = text;
      return this;
    }

    Setting<T> build() {
      if (defaultValue != null && validator.problem(defaultValue) != null) {
        throw new IllegalStateException("Invalid default for " + key + ": " + defaultValue);
      }
      return new Setting<>(this);
    }
  }
}
