package io.github.sparkkafkasql.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.internal.SQLConf;
import org.junit.jupiter.api.Test;

/** Typed reads of the settings, and the error a bad value gets. Needs no Spark session. */
class KafkaSqlConfTest {

  private static SQLConf session(String key, String value) {
    SQLConf conf = new SQLConf();
    conf.setConfString(key, value);
    return conf;
  }

  @Test
  void unsetSettingsReadTheirDefaults() {
    SQLConf empty = new SQLConf();
    assertThat(KafkaSqlConf.CONNECT_TIMEOUT.get(empty)).isEqualTo(20_000L);
    assertThat(KafkaSqlConf.PUSHDOWN_ENABLED.get(empty)).isTrue();
    assertThat(KafkaSqlConf.ALLOW_STREAMING_READS.get(empty)).isFalse();
    assertThat(KafkaSqlConf.STATE_ROOT.get(empty)).isNull();
    assertThat(KafkaSqlConf.SCHEDULER_MIN_INTERVAL.get(empty)).isEqualTo(60_000L);
    SparkConf app = new SparkConf(false);
    assertThat(KafkaSqlConf.SCHEDULER_ENABLED.get(app)).isTrue();
    assertThat(KafkaSqlConf.SCHEDULER_THREADS.get(app)).isEqualTo(4);
    assertThat(KafkaSqlConf.SCHEDULER_RESCAN_INTERVAL.get(app)).isEqualTo(600_000L);
  }

  @Test
  void setValuesAreConvertedToTheirType() {
    assertThat(KafkaSqlConf.CONNECT_TIMEOUT.get(session("spark.kafkaSql.connectTimeout", " 2m ")))
        .isEqualTo(120_000L);
    assertThat(
            KafkaSqlConf.PUSHDOWN_ENABLED.get(session("spark.kafkaSql.pushdown.enabled", "FALSE")))
        .isFalse();
    SparkConf app = new SparkConf(false).set("spark.kafkaSql.scheduler.threads", "2");
    assertThat(KafkaSqlConf.SCHEDULER_THREADS.get(app)).isEqualTo(2);
    assertThat(KafkaSqlConf.secret("pw").get(session("spark.kafkaSql.secret.pw", "s3cret")))
        .isEqualTo("s3cret");
    assertThat(KafkaSqlConf.secret("pw").key()).isEqualTo("spark.kafkaSql.secret.pw");
  }

  @Test
  void aBadValueNamesTheKeyTheValueAndTheValidValues() {
    AnalysisException e =
        assertThrows(
            AnalysisException.class,
            () ->
                KafkaSqlConf.CONNECT_TIMEOUT.get(session("spark.kafkaSql.connectTimeout", "abc")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_INVALID_SETTING");
    assertThat(e.getSqlState()).isEqualTo("22023");
    assertThat(e.getMessageParameters())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "key", "spark.kafkaSql.connectTimeout",
                "value", "abc",
                "problem", "is not a duration such as '500ms', '20s' or '10min'",
                "validValues", "a duration of at least 1 ms, e.g. 500ms, 20s, 10min"));
    assertThat(e.getMessage())
        .contains("`spark.kafkaSql.connectTimeout`", "'abc'")
        .doesNotContain("NumberFormatException");
  }

  @Test
  void eachTypeRefusesWhatItCannotRead() {
    assertThat(problemOf(KafkaSqlConf.PUSHDOWN_ENABLED, "yes"))
        .isEqualTo("is not 'true' or 'false'");
    assertThat(problemOf(KafkaSqlConf.SCHEDULER_THREADS, "four")).isEqualTo("is not an integer");
    assertThat(problemOf(KafkaSqlConf.SCHEDULER_THREADS, "0")).isEqualTo("is less than 1");
    assertThat(problemOf(KafkaSqlConf.CONNECT_TIMEOUT, "0")).isEqualTo("is shorter than 1 ms");
    assertThat(problemOf(KafkaSqlConf.SCHEDULER_RESCAN_INTERVAL, "-1s")).isEqualTo("is negative");
    assertThat(KafkaSqlConf.SCHEDULER_RESCAN_INTERVAL.parse("0")).isZero();
  }

  private static String problemOf(Setting<?> setting, String value) {
    AnalysisException e = assertThrows(AnalysisException.class, () -> setting.parse(value));
    assertThat(e.getMessageParameters()).containsEntry("key", setting.key());
    return e.getMessageParameters().get("problem");
  }
}
