package io.github.sparkkafkasql.commands;

import io.github.sparkkafkasql.conf.KafkaSqlConf;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * {@code SET key = value} for a key that holds a secret ({@code spark.kafkaSql.secret.name}, or a
 * key or value the session's {@code spark.redaction.regex} and {@code
 * spark.sql.redaction.options.regex} redact): Spark's own SET, whose result row would print the
 * value back (the CLI, a notebook, a JDBC client's log), then that row redacted by Spark's own
 * redaction.
 */
public final class SetSecretCommand extends KafkaSqlCommand {

  /** Spark's redaction text ({@code Utils.REDACTION_REPLACEMENT_TEXT}). */
  static final String REDACTED = "*********(redacted)";

  private final LogicalPlan sparkSet;
  private final String key;
  private final transient String value;

  public SetSecretCommand(LogicalPlan sparkSet, String key, String value) {
    super(
        new StructType()
            .add("key", DataTypes.StringType, false)
            .add("value", DataTypes.StringType, true));
    this.sparkSet = sparkSet;
    this.key = key;
    this.value = value;
  }

  /** Whether SET's echo of this pair must be redacted, by the active session's settings. */
  public static boolean isSecret(String key, String value) {
    return key.regionMatches(
            true, 0, KafkaSqlConf.SECRET_PREFIX, 0, KafkaSqlConf.SECRET_PREFIX.length())
        || !redacted(SQLConf.get(), key, value).equals(value);
  }

  private static String redacted(SQLConf conf, String key, String value) {
    scala.collection.immutable.Seq<Tuple2<String, String>> pair =
        scala.jdk.javaapi.CollectionConverters.asScala(List.of(new Tuple2<>(key, value))).toList();
    return conf.redactOptions(pair).head()._2();
  }

  @Override
  protected List<Row> execute(SparkSession spark) {
    org.apache.spark.sql.classic.Dataset.ofRows(
            (org.apache.spark.sql.classic.SparkSession) spark, sparkSet)
        .collect();
    String shown = value == null ? REDACTED : redacted(SQLConf.get(), key, value);
    return List.of(RowFactory.create(key, shown.equals(value) ? REDACTED : shown));
  }

  @Override
  protected List<Object> arguments() {
    return List.of(key);
  }
}
