package io.github.sparkkafkasql.conf;

import static io.github.sparkkafkasql.options.Validators.named;

import io.github.sparkkafkasql.options.Validator;
import java.util.Locale;
import org.apache.spark.network.util.JavaUtils;

/** The validators of settings; each one's {@code toString()} fills "Valid values" in the docs. */
final class Settings {

  private Settings() {}

  static final Validator ANY = named("", v -> null);

  static final Validator BOOLEAN =
      named(
          "true, false",
          v -> {
            String lower = v.toLowerCase(Locale.ROOT);
            return lower.equals("true") || lower.equals("false")
                ? null
                : "is not 'true' or 'false'";
          });

  static Validator atLeast(int min) {
    return named(
        "an integer ≥ " + min,
        v -> {
          try {
            return Integer.parseInt(v) < min ? "is less than " + min : null;
          } catch (NumberFormatException e) {
            return "is not an integer";
          }
        });
  }

  static Validator atLeastLong(long min) {
    return named(
        "an integer ≥ " + min,
        v -> {
          try {
            return Long.parseLong(v) < min ? "is less than " + min : null;
          } catch (NumberFormatException e) {
            return "is not an integer";
          }
        });
  }

  static Validator duration(long minMs) {
    String floor = minMs == 0 ? "" : " of at least " + minMs + " ms";
    return named(
        "a duration" + floor + ", e.g. 500ms, 20s, 10min",
        v -> {
          long ms;
          try {
            ms = JavaUtils.timeStringAsMs(v);
          } catch (RuntimeException e) {
            return "is not a duration such as '500ms', '20s' or '10min'";
          }
          if (ms < 0) {
            return "is negative";
          }
          return ms < minMs ? "is shorter than " + minMs + " ms" : null;
        });
  }
}
