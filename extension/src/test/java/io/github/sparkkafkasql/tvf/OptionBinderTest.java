package io.github.sparkkafkasql.tvf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.expressions.Add;
import org.apache.spark.sql.catalyst.expressions.CurrentDate;
import org.apache.spark.sql.catalyst.expressions.CurrentTimestamp;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Literal$;
import org.apache.spark.sql.catalyst.expressions.NamedArgumentExpression;
import org.apache.spark.sql.catalyst.expressions.Now;
import org.apache.spark.sql.catalyst.expressions.Rand;
import org.apache.spark.sql.catalyst.expressions.UnixMillis;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** Binding and validating read_kafka arguments, without Spark or Kafka. */
class OptionBinderTest {

  private static Expression arg(String name, Object value) {
    Literal literal =
        value instanceof Long l && name.equals("ts")
            ? Literal.create(l * 1000, DataTypes.TimestampType)
            : Literal$.MODULE$.apply(value);
    return new NamedArgumentExpression(name.equals("ts") ? "startingTimestamp" : name, literal);
  }

  private static BoundOptions bind(Expression... args) {
    return OptionBinder.bind(CollectionConverters.asScala(List.of(args)).toList());
  }

  private static List<Expression> base() {
    List<Expression> args = new ArrayList<>();
    args.add(arg("bootstrapServers", "127.0.0.1:9092"));
    args.add(arg("subscribe", "a,b"));
    return args;
  }

  private static AnalysisException error(Runnable r) {
    return catchThrowableOfType(AnalysisException.class, r::run);
  }

  @Test
  void batchDefaultsIncludeAShortFetchWait() {
    BoundOptions o = bind(base().toArray(Expression[]::new));
    o.validate(false);
    Map<String, String> spark = o.sparkOptions(false);
    assertThat(spark)
        .containsEntry("kafka.bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("subscribe", "a,b")
        .containsEntry("startingOffsets", "earliest")
        .containsEntry("endingOffsets", "latest")
        .containsEntry("kafka.fetch.max.wait.ms", "10")
        .doesNotContainKey("maxTriggerDelay");
    assertThat(o.sparkOptions(true)).containsEntry("startingOffsets", "latest");
  }

  @Test
  void wordsAcceptedInAnyCaseReachSparkAndKafkaAsTheyAcceptThem() {
    List<Expression> args = base();
    args.add(arg("ts", 1_700_000_000_123L));
    args.add(arg("kafka.isolation.level", " READ_COMMITTED "));
    args.add(arg("startingOffsetsByTimestampStrategy", "Latest "));
    BoundOptions o = bind(args.toArray(Expression[]::new));
    o.validate(false);
    assertThat(o.sparkOptions(false))
        .containsEntry("kafka.isolation.level", "read_committed")
        .containsEntry("startingOffsetsByTimestampStrategy", "latest");
    assertThat(o.kafkaClientSettings()).containsEntry("isolation.level", "read_committed");
  }

  @Test
  void assignJsonIsReadStrictly() {
    for (String assign : new String[] {"{\"j\":[0]} trailing", "{\"j\":[0],\"j\":[1]}"}) {
      List<Expression> args = new ArrayList<>();
      args.add(arg("bootstrapServers", "127.0.0.1:9092"));
      args.add(arg("assign", assign));
      AnalysisException e = error(() -> bind(args.toArray(Expression[]::new)));
      assertThat(e).as(assign).isNotNull();
      assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
      assertThat(e.getMessage()).contains("is not a JSON object like");
    }
  }

  @Test
  void aDecimalWhereAWholeNumberBelongsIsShownAsWritten() {
    List<Expression> args = base();
    args.add(arg("minPartitions", new java.math.BigDecimal("2.5")));
    AnalysisException e = error(() -> bind(args.toArray(Expression[]::new)));
    assertThat(e.getMessageParameters()).containsEntry("value", "'2.5'");
  }

  @Test
  void aStartingTimestampReplacesTheDefaultStart() {
    List<Expression> args = base();
    args.add(arg("ts", 1_700_000_000_123L));
    BoundOptions o = bind(args.toArray(Expression[]::new));
    o.validate(false);
    assertThat(o.sparkOptions(false))
        .containsEntry("startingTimestamp", "1700000000123")
        .doesNotContainKey("startingOffsets");
  }

  @Test
  void userValuesWinOverOurDefaults() {
    List<Expression> args = base();
    args.add(arg("kafka.fetch.max.wait.ms", "250"));
    args.add(arg("kafka.security.protocol", "PLAINTEXT"));
    BoundOptions o = bind(args.toArray(Expression[]::new));
    assertThat(o.sparkOptions(false))
        .containsEntry("kafka.fetch.max.wait.ms", "250")
        .containsEntry("kafka.security.protocol", "PLAINTEXT");
    assertThat(o.kafkaClientSettings()).containsEntry("security.protocol", "PLAINTEXT");
  }

  @Test
  void clientTimeoutsTheExtensionDerivesAreCheckedWhenAReadSetsThem() {
    List<Expression> args = base();
    args.add(arg("kafka.metadata.max.age.ms", "a minute"));
    AnalysisException e = error(() -> bind(args.toArray(Expression[]::new)));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
    assertThat(e.getMessageParameters()).containsEntry("option", "kafka.metadata.max.age.ms");
    assertThat(e.getMessage()).contains("not a whole number");

    List<Expression> numbers = base();
    numbers.add(arg("kafka.request.timeout.ms", 15000));
    numbers.add(arg("kafka.socket.connection.setup.timeout.ms", "5000"));
    assertThat(bind(numbers.toArray(Expression[]::new)).sparkOptions(false))
        .containsEntry("kafka.request.timeout.ms", "15000")
        .containsEntry("kafka.socket.connection.setup.timeout.ms", "5000");
    assertThat(bind(numbers.toArray(Expression[]::new)).kafkaClientSettings())
        .containsEntry("request.timeout.ms", "15000")
        .containsEntry("socket.connection.setup.timeout.ms", "5000")
        .doesNotContainKey("bootstrap.servers");
  }

  @Test
  void positionalArgumentsAreRefused() {
    AnalysisException e = error(() -> bind(Literal$.MODULE$.apply("x")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_POSITIONAL_ARGUMENT");
    assertThat(e.getMessageParameters()).containsEntry("position", "1");
  }

  @Test
  void unknownNamesGetSuggestions() {
    AnalysisException e = error(() -> bind(arg("bootstrapServer", "h:1")));
    assertThat(e.getCondition()).isEqualTo("UNRECOGNIZED_PARAMETER_NAME");
    assertThat(e.getMessageParameters().get("proposal")).startsWith("`bootstrapServers`");
  }

  @Test
  void aBigintLiteralForAnIntOptionIsOutOfRangeNotARawException() {
    List<Expression> args = base();
    args.add(arg("minPartitions", 99_999_999_999L));
    AnalysisException e = error(() -> bind(args.toArray(Expression[]::new)));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
    assertThat(e.getMessageParameters())
        .containsEntry("option", "minPartitions")
        .containsEntry("problem", "is out of the INT range");
  }

  @Test
  void secretsAreNeverEchoed() {
    AnalysisException e = error(() -> bind(arg("kafka.ssl.key.password", 1.5d)));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
    assertThat(e.getMessage()).doesNotContain("1.5").contains("redacted");
  }

  @Test
  void streamOnlyOptionsAreRefusedInBatchAndAcceptedInStreams() {
    List<Expression> args = base();
    args.add(arg("maxOffsetsPerTrigger", 100));
    BoundOptions o = bind(args.toArray(Expression[]::new));
    AnalysisException e = error(() -> o.validate(false));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_OPTION_NOT_IN_SCOPE");
    assertThat(e.getMessageParameters()).containsEntry("option", "maxOffsetsPerTrigger");
    o.validate(true);
    assertThat(o.sparkOptions(true)).containsEntry("maxOffsetsPerTrigger", "100");
  }

  @Test
  void endingOptionsAreRefusedInStreams() {
    List<Expression> args = base();
    args.add(arg("endingOffsets", "latest"));
    AnalysisException e = error(() -> bind(args.toArray(Expression[]::new)).validate(true));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_OPTION_NOT_IN_SCOPE");
  }

  @Test
  void minOffsetsMayNotExceedMax() {
    List<Expression> args = base();
    args.add(arg("maxOffsetsPerTrigger", 10));
    args.add(arg("minOffsetsPerTrigger", 20));
    AnalysisException e = error(() -> bind(args.toArray(Expression[]::new)).validate(true));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
    assertThat(e.getMessageParameters()).containsEntry("option", "minOffsetsPerTrigger");
  }

  @Test
  void theCurrentTimeIsFoldedOnceForAllOptionsOfACall() {
    long before = System.currentTimeMillis();
    List<Expression> args = base();
    args.add(named("startingTimestamp", new UnixMillis(new CurrentTimestamp())));
    args.add(named("kafka.client.id", new UnixMillis(new Now())));
    args.add(named("endingTimestamp", new CurrentTimestamp()));
    BoundOptions o = bind(args.toArray(Expression[]::new));
    long after = System.currentTimeMillis();
    Map<String, String> spark = o.sparkOptions(false);
    assertThat(Long.parseLong(spark.get("startingTimestamp"))).isBetween(before, after);
    assertThat(spark)
        .containsEntry("kafka.client.id", spark.get("startingTimestamp"))
        .containsEntry("endingTimestamp", spark.get("startingTimestamp"));
  }

  @Test
  void theCurrentDateIsAConstantToo() {
    List<Expression> args = base();
    args.add(named("startingTimestamp", new CurrentDate(Option.apply("UTC"))));
    long today = Math.floorDiv(System.currentTimeMillis(), 86_400_000L) * 86_400_000L;
    String start =
        bind(args.toArray(Expression[]::new)).sparkOptions(false).get("startingTimestamp");
    assertThat(Long.parseLong(start)).isBetween(today, today + 86_400_000L);
  }

  @Test
  void nonDeterministicValuesAreRefusedAsWritten() {
    List<Expression> args = base();
    args.add(named("startingTimestamp", new Add(new UnixMillis(new CurrentTimestamp()), rand())));
    AnalysisException e = error(() -> bind(args.toArray(Expression[]::new)));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_NON_CONSTANT_OPTION");
    assertThat(e.getMessageParameters())
        .containsEntry("option", "startingTimestamp")
        .containsEntry("expression", "(unix_millis(current_timestamp()) + rand(7L))");
  }

  private static Expression named(String name, Expression value) {
    return new NamedArgumentExpression(name, value);
  }

  private static Expression rand() {
    return new Rand(Literal$.MODULE$.apply(7L), false);
  }

  @Test
  void everyMissingRequiredOptionIsNamedInOneError() {
    AnalysisException e = error(() -> bind(arg("startingOffsets", "earliest")).validate(false));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_MISSING_OPTIONS");
    assertThat(e.getMessageParameters().get("missing"))
        .contains("`bootstrapServers`", "one of `subscribe`, `subscribePattern` or `assign`");
    AnalysisException servers = error(() -> bind(arg("subscribe", "a")).validate(false));
    assertThat(servers.getCondition()).isEqualTo("KAFKA_SQL_MISSING_OPTION");
    assertThat(servers.getMessageParameters()).containsEntry("option", "bootstrapServers");
  }

  @Test
  void aStartAfterTheEndIsRefusedNamingThePartition() {
    List<Expression> offsets = base();
    offsets.add(arg("startingOffsets", "{\"a\":{\"0\":5,\"1\":1}}"));
    offsets.add(arg("endingOffsets", "{\"a\":{\"0\":9,\"1\":0}}"));
    AnalysisException e = error(() -> bind(offsets.toArray(Expression[]::new)).validate(false));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
    assertThat(e.getMessageParameters()).containsEntry("option", "startingOffsets");
    assertThat(e.getMessage()).contains("starts a-1 at 1, after where endingOffsets ends it (0)");

    List<Expression> times = base();
    times.add(arg("startingTimestamp", 2_000_000_000_000L));
    times.add(arg("endingTimestamp", 1_000_000_000_000L));
    e = error(() -> bind(times.toArray(Expression[]::new)).validate(false));
    assertThat(e.getMessageParameters()).containsEntry("option", "startingTimestamp");
    assertThat(e.getMessage()).contains("is after endingTimestamp");

    List<Expression> byTimestamp = base();
    byTimestamp.add(arg("startingOffsetsByTimestamp", "{\"b\":{\"0\":2000}}"));
    byTimestamp.add(arg("endingOffsetsByTimestamp", "{\"b\":{\"0\":1000}}"));
    e = error(() -> bind(byTimestamp.toArray(Expression[]::new)).validate(false));
    assertThat(e.getMessageParameters()).containsEntry("option", "startingOffsetsByTimestamp");

    // Equal bounds read nothing, as Spark reads them; not an error.
    List<Expression> equal = base();
    equal.add(arg("startingOffsets", "{\"a\":{\"0\":5}}"));
    equal.add(arg("endingOffsets", "{\"a\":{\"0\":5}}"));
    bind(equal.toArray(Expression[]::new)).validate(false);
  }

  @Test
  void topicNamesKafkaWouldRefuseAreRefusedUpFront() {
    List<Expression> args = new ArrayList<>();
    args.add(arg("bootstrapServers", "127.0.0.1:9092"));
    args.add(arg("subscribe", "orders, bad topic!"));
    AnalysisException e = error(() -> bind(args.toArray(Expression[]::new)));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
    assertThat(e.getMessageParameters()).containsEntry("option", "subscribe");
    assertThat(e.getMessage())
        .contains("`bad topic!`, which cannot be a Kafka topic", "ASCII alphanumerics");

    List<Expression> assign = new ArrayList<>();
    assign.add(arg("bootstrapServers", "127.0.0.1:9092"));
    assign.add(arg("assign", "{\"..\":[0]}"));
    e = error(() -> bind(assign.toArray(Expression[]::new)));
    assertThat(e.getMessageParameters()).containsEntry("option", "assign");
  }

  @Test
  void aKafkaPrefixWithoutASettingIsAnUnknownOption() {
    List<Expression> args = base();
    args.add(arg("kafka.", "x"));
    AnalysisException e = error(() -> bind(args.toArray(Expression[]::new)));
    assertThat(e.getCondition()).isEqualTo("UNRECOGNIZED_PARAMETER_NAME");
  }

  @Test
  void commitOffsetsNeedsAGroupThatIsNotBlank() {
    List<Expression> args = base();
    args.add(arg("commitOffsets", true));
    args.add(arg("kafka.group.id", " "));
    AnalysisException e = error(() -> bind(args.toArray(Expression[]::new)).validate(true));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_MISSING_OPTION");
    assertThat(e.getMessageParameters()).containsEntry("option", "kafka.group.id");
  }
}
