package io.github.sparkkafkasql.tvf;

import io.github.sparkkafkasql.channels.ReadKafkaChannels;
import io.github.sparkkafkasql.errors.OptionErrors;
import io.github.sparkkafkasql.errors.SecretErrors;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.OptionType;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import io.github.sparkkafkasql.options.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedArgumentExpression;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Turns the arguments of a {@code read_kafka(…)} call into option values: names are matched to the
 * declarations (ignoring case), constant values are folded and converted to the string Spark's
 * Kafka source expects, and each value is validated on its own. Checks across options live in
 * {@link BoundOptions}.
 */
final class OptionBinder {

  static final String REDACTED = "'*********(redacted)'";

  private OptionBinder() {}

  static BoundOptions bind(Seq<Expression> arguments) {
    List<Expression> args = CollectionConverters.asJava(arguments);
    List<Expression> values = OptionFolding.fold(values(args));
    Map<String, String> declared = new LinkedHashMap<>();
    Map<String, String> kafka = new LinkedHashMap<>();
    Map<String, String> seen = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      if (!(args.get(i) instanceof NamedArgumentExpression named)) {
        throw OptionErrors.positionalArgument(i + 1, args.get(i).sql());
      }
      String name = named.key();
      if (seen.put(name.toLowerCase(Locale.ROOT), name) != null) {
        throw OptionErrors.duplicateOption(name);
      }
      Optional<KafkaOption> option = ReadKafkaOptions.find(name);
      if (option.isPresent()) {
        KafkaOption o = option.get();
        String value = convert(o.name(), o.type(), o.sensitive(), named.value(), values.get(i));
        if (o.sensitive()
            && ReadKafkaChannels.inStreamingTable()
            && SecretFunction.clearText(value)) {
          throw SecretErrors.secretInDefinition(o.name());
        }
        declared.put(o.name(), SecretFunction.resolve(o.name(), value));
        String problem = o.validator().problem(declared.get(o.name()));
        if (problem != null) {
          throw invalid(o, declared.get(o.name()), problem);
        }
        declared.put(o.name(), o.validator().canonical(declared.get(o.name())));
      } else if (name.toLowerCase(Locale.ROOT).startsWith(ReadKafkaOptions.KAFKA_PREFIX)) {
        String key = ReadKafkaOptions.KAFKA_PREFIX + name.substring(6);
        if (key.substring(6).isBlank()) {
          throw OptionErrors.unknownOption(name, proposals(name));
        }
        String hint = forbiddenHint(key);
        if (hint != null) {
          throw OptionErrors.unsupportedKafkaOption(key, hint);
        }
        boolean secret = ReadKafkaOptions.isSensitiveKafkaKey(key);
        String value = convert(key, OptionType.STRING, secret, named.value(), values.get(i));
        if (secret && ReadKafkaChannels.inStreamingTable() && SecretFunction.clearText(value)) {
          throw SecretErrors.secretInDefinition(key);
        }
        kafka.put(key, SecretFunction.resolve(key, value));
      } else {
        throw OptionErrors.unknownOption(name, proposals(name));
      }
    }
    return new BoundOptions(declared, kafka);
  }

  /** The value of each argument: positional ones stay as they are, to be refused in order. */
  private static List<Expression> values(List<Expression> args) {
    List<Expression> values = new ArrayList<>();
    for (Expression arg : args) {
      values.add(arg instanceof NamedArgumentExpression named ? named.value() : arg);
    }
    return values;
  }

  private static String forbiddenHint(String key) {
    return ReadKafkaOptions.FORBIDDEN_KAFKA_KEYS.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(key))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  private static List<String> proposals(String name) {
    List<String> names = new ArrayList<>();
    ReadKafkaOptions.ALL.forEach(o -> names.add(o.name()));
    List<String> closest = Suggestions.closest(name, names, 3);
    return closest.isEmpty()
        ? List.of(
            ReadKafkaOptions.BOOTSTRAP_SERVERS.name(),
            ReadKafkaOptions.SUBSCRIBE.name(),
            ReadKafkaOptions.STARTING_OFFSETS.name())
        : closest;
  }

  static RuntimeException invalid(KafkaOption o, String value, String problem) {
    String valid = o.validator().toString();
    return OptionErrors.invalidOptionValue(
        o.name(),
        shown(value, o.sensitive()),
        o.type().sqlName(),
        problem,
        valid.isEmpty() ? "" : "Valid values: " + valid + ".");
  }

  static String shown(String value, boolean sensitive) {
    return sensitive ? REDACTED : "'" + value + "'";
  }

  /**
   * Folds a constant argument and renders it as the string Spark's Kafka source reads. {@code
   * written} is the value as the query has it, for errors; {@code value} the same with the current
   * time folded in.
   */
  private static String convert(
      String name, OptionType type, boolean secret, Expression written, Expression value) {
    if (!value.foldable()) {
      throw OptionErrors.nonConstantOption(name, written.sql());
    }
    Object v = value.eval(null);
    if (v == null) {
      throw OptionErrors.nullOption(name);
    }
    DataType t = value.dataType();
    String problem = null;
    String hint = "";
    switch (type) {
      case BOOLEAN:
        if (t instanceof BooleanType || t instanceof StringType) {
          return v.toString().trim().toLowerCase(Locale.ROOT);
        }
        problem = "is of type " + t.sql() + ", not BOOLEAN";
        break;
      case INT:
      case LONG:
        // A literal past the INT range is a BIGINT: checked like the same number as a string.
        if (isIntegral(t) || t instanceof StringType) {
          return wholeNumber(name, type, secret, v.toString().trim());
        }
        problem = "is of type " + t.sql() + ", not a whole number";
        break;
      case TIMESTAMP_MILLIS:
        if (t instanceof TimestampType || t instanceof TimestampNTZType) {
          return String.valueOf(Math.floorDiv((Long) v, 1000L));
        }
        if (t instanceof DateType) {
          return String.valueOf(((Integer) v) * 86_400_000L);
        }
        if (isIntegral(t)) {
          return v.toString();
        }
        if (t instanceof StringType) {
          return wholeNumber(name, type, secret, v.toString().trim());
        }
        problem = "is of type " + t.sql() + ", not epoch milliseconds or a TIMESTAMP";
        hint = TIMESTAMP_HINT;
        break;
      default:
        if (t instanceof StringType) {
          return v.toString();
        }
        if (name.startsWith("kafka.") && (isIntegral(t) || t instanceof BooleanType)) {
          return v.toString();
        }
        problem = "is of type " + t.sql() + ", not STRING";
    }
    boolean atomic =
        v instanceof Number
            || v instanceof Boolean
            || v instanceof org.apache.spark.sql.types.Decimal
            || t instanceof StringType;
    throw OptionErrors.invalidOptionValue(
        name, shown(atomic ? v.toString() : written.sql(), secret), type.sqlName(), problem, hint);
  }

  private static final String TIMESTAMP_HINT =
      "Write epoch milliseconds such as 1704067200000, or a timestamp such as"
          + " TIMESTAMP '2024-01-01 00:00:00' (in the session's time zone).";

  private static String wholeNumber(String name, OptionType type, boolean secret, String s) {
    try {
      long n = Long.parseLong(s);
      if (type == OptionType.INT && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
        throw OptionErrors.invalidOptionValue(
            name, shown(s, secret), type.sqlName(), "is out of the INT range", "");
      }
      return s;
    } catch (NumberFormatException e) {
      throw OptionErrors.invalidOptionValue(
          name,
          shown(s, secret),
          type.sqlName(),
          "is not a whole number",
          type == OptionType.TIMESTAMP_MILLIS
              ? TIMESTAMP_HINT
              : "Write a number such as " + (type == OptionType.INT ? "4" : "1000") + ".");
    }
  }

  private static boolean isIntegral(DataType t) {
    return t instanceof IntegerType
        || t instanceof LongType
        || t instanceof ShortType
        || t instanceof ByteType;
  }
}
