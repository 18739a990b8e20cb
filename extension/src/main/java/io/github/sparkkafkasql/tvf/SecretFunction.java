package io.github.sparkkafkasql.tvf;

import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.conf.Setting;
import io.github.sparkkafkasql.errors.Redaction;
import io.github.sparkkafkasql.errors.SecretErrors;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction1;

/**
 * {@code secret('name')}: a reference to a secret, resolved only inside {@code read_kafka} options,
 * from the Spark conf {@code spark.kafkaSql.secret.<name>} or the environment variable {@code
 * KAFKA_SQL_SECRET_<NAME>}.
 *
 * <p>The function itself returns an opaque marker, never the secret, so {@code SELECT secret('x')}
 * shows nothing sensitive and a streaming table's stored definition keeps the reference, not the
 * value. The marker may be embedded in a longer string (e.g. with {@code concat} to build a JAAS
 * config).
 */
public final class SecretFunction extends AbstractFunction1<Seq<Expression>, Expression> {

  public static final String NAME = "secret";

  public static final FunctionIdentifier IDENTIFIER = FunctionIdentifier.apply(NAME);

  public static final String ENV_PREFIX = "KAFKA_SQL_SECRET_";

  private static final Pattern MARKER =
      Pattern.compile("\\{\\{kafka-sql-secret:([A-Za-z0-9_.-]+)}}");

  /** A JAAS attribute that holds a secret, quoted or not; its value in group 1 or 2. */
  private static final Pattern JAAS_SECRET =
      Pattern.compile(
          "(?i)[a-z_.]*(?:password|secret|token)\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;\"]+))");

  public static final ExpressionInfo INFO =
      new ExpressionInfo(
          SecretFunction.class.getName(),
          null,
          NAME,
          "_FUNC_(name) - A reference to a secret for read_kafka options, resolved from the Spark"
              + " conf "
              + KafkaSqlConf.SECRETS.key()
              + " or the environment variable"
              + " KAFKA_SQL_SECRET_<NAME> when the read is planned. Returns an opaque marker"
              + " elsewhere.",
          "",
          "\n    Examples:\n      > SELECT * FROM read_kafka(bootstrapServers => 'b:9093',"
              + " subscribe => 't', `kafka.ssl.keystore.password` => _FUNC_('keystore_pw'));\n",
          "",
          "misc_funcs",
          "",
          "",
          "");

  @Override
  public Expression apply(Seq<Expression> args) {
    if (args.size() != 1
        || !args.apply(0).foldable()
        || !(args.apply(0).dataType() instanceof StringType)) {
      throw SecretErrors.secretUsage();
    }
    Object name = args.apply(0).eval(null);
    if (name == null || !name.toString().matches("[A-Za-z0-9_.-]+")) {
      throw SecretErrors.secretUsage();
    }
    return Literal.create("{{kafka-sql-secret:" + name + "}}", DataTypes.StringType);
  }

  /** Whether {@code value} holds at least one secret reference. */
  static boolean hasReference(String value) {
    return MARKER.matcher(value).find();
  }

  /**
   * Whether a secret-like value holds a secret in clear text: it refers to no secret, or it is a
   * JAAS line with a password (or secret, token) attribute that is not a reference, as in {@code
   * username="' || secret('user') || '" password="hunter2"}.
   */
  static boolean clearText(String value) {
    if (!hasReference(value)) {
      return true;
    }
    Matcher m = JAAS_SECRET.matcher(value);
    while (m.find()) {
      String attribute = m.group(1) != null ? m.group(1) : m.group(2);
      if (!MARKER.matcher(attribute).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Replaces every secret reference in {@code value} with the secret. */
  static String resolve(String option, String value) {
    Matcher m = MARKER.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String secret = lookup(option, m.group(1));
      Redaction.secretResolved(secret);
      m.appendReplacement(out, Matcher.quoteReplacement(secret));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String lookup(String option, String name) {
    Setting<String> setting = KafkaSqlConf.secret(name);
    String fromConf = setting.get();
    if (fromConf != null) {
      return fromConf;
    }
    String env = ENV_PREFIX + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    String fromEnv = System.getenv(env);
    if (fromEnv != null) {
      return fromEnv;
    }
    throw SecretErrors.secretNotFound(name, option, setting.key(), env);
  }
}
