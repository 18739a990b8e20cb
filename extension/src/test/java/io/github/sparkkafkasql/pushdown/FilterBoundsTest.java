package io.github.sparkkafkasql.pushdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Coalesce;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GreaterThan;
import org.apache.spark.sql.catalyst.expressions.GreaterThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.In;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.LessThan;
import org.apache.spark.sql.catalyst.expressions.LessThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Not;
import org.apache.spark.sql.catalyst.expressions.Or;
import org.apache.spark.sql.catalyst.types.DataTypeUtils;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The bounds FilterBounds reads from filter conjuncts, as the optimizer hands them over (constants
 * folded to literals of the column's type); no Spark session, no broker.
 */
class FilterBoundsTest {

  private static final List<Attribute> KAFKA =
      CollectionConverters.asJava(
              DataTypeUtils.toAttributes(
                  new StructType()
                      .add("key", DataTypes.BinaryType)
                      .add("value", DataTypes.BinaryType)
                      .add("topic", DataTypes.StringType)
                      .add("partition", DataTypes.IntegerType)
                      .add("offset", DataTypes.LongType)
                      .add("timestamp", DataTypes.TimestampType)
                      .add("timestampType", DataTypes.IntegerType)))
          .stream()
          .map(a -> (Attribute) a)
          .toList();

  private static final Attribute VALUE = column("value");
  private static final Attribute TOPIC = column("topic");
  private static final Attribute PARTITION = column("partition");
  private static final Attribute OFFSET = column("offset");
  private static final Attribute TIMESTAMP = column("timestamp");

  private static Attribute column(String name) {
    return KAFKA.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  private static Literal lit(long v) {
    return new Literal(v, DataTypes.LongType);
  }

  private static Literal lit(int v) {
    return new Literal(v, DataTypes.IntegerType);
  }

  private static Literal micros(long v) {
    return new Literal(v, DataTypes.TimestampType);
  }

  private static Expression and(Expression... conjuncts) {
    return Arrays.stream(conjuncts).reduce(And::new).orElseThrow();
  }

  private static Narrowing of(Expression... conjuncts) {
    return new FilterBounds(KAFKA).of(and(conjuncts));
  }

  private static List<Integer> partitions(Narrowing n) {
    return IntStream.range(0, 10).filter(n.partitions).boxed().toList();
  }

  @Test
  void offsetComparisonsBecomeAHalfOpenRange() {
    Narrowing n = of(new GreaterThanOrEqual(OFFSET, lit(10L)), new LessThan(OFFSET, lit(15L)));
    assertThat(n.minOffset).isEqualTo(10);
    assertThat(n.maxOffsetExclusive).isEqualTo(15);
    assertThat(n.exact).isTrue();
    assertThat(n.pushed).containsExactly("(offset >= 10L)", "(offset < 15L)");
  }

  @Test
  void strictLowerAndInclusiveUpperBoundsMoveByOne() {
    Narrowing n = of(new GreaterThan(OFFSET, lit(10L)), new LessThanOrEqual(OFFSET, lit(15L)));
    assertThat(n.minOffset).isEqualTo(11);
    assertThat(n.maxOffsetExclusive).isEqualTo(16);
  }

  @Test
  void anEqualityIsARangeOfOne() {
    Narrowing n = of(new EqualTo(OFFSET, lit(7L)));
    assertThat(n.minOffset).isEqualTo(7);
    assertThat(n.maxOffsetExclusive).isEqualTo(8);
  }

  @Test
  void aLiteralOnTheLeftMirrorsTheOperator() {
    // 10 <= offset AND 15 > offset AND 20 >= offset
    Narrowing n =
        of(
            new LessThanOrEqual(lit(10L), OFFSET),
            new GreaterThan(lit(15L), OFFSET),
            new GreaterThanOrEqual(lit(20L), OFFSET));
    assertThat(n.minOffset).isEqualTo(10);
    assertThat(n.maxOffsetExclusive).isEqualTo(15);
  }

  @Test
  void overlappingBoundsKeepTheTightest() {
    Narrowing n =
        of(
            new GreaterThanOrEqual(OFFSET, lit(5L)),
            new GreaterThan(OFFSET, lit(7L)),
            new LessThan(OFFSET, lit(20L)),
            new LessThanOrEqual(OFFSET, lit(11L)));
    assertThat(n.minOffset).isEqualTo(8);
    assertThat(n.maxOffsetExclusive).isEqualTo(12);
  }

  @Test
  void contradictingBoundsLeaveNoOffset() {
    Narrowing n = of(new EqualTo(OFFSET, lit(3L)), new EqualTo(OFFSET, lit(5L)));
    assertThat(n.minOffset).isEqualTo(5);
    assertThat(n.maxOffsetExclusive).isEqualTo(4);
    assertThat(n.exact).isTrue();
  }

  @Test
  void boundsAtTheEndsOfLongDoNotOverflow() {
    Narrowing above = of(new GreaterThan(OFFSET, lit(Long.MAX_VALUE)));
    assertThat(above.minOffset).isEqualTo(Long.MAX_VALUE);
    Narrowing upTo = of(new LessThanOrEqual(OFFSET, lit(Long.MAX_VALUE)));
    // Kafka offsets stop short of Long.MAX_VALUE, so an exclusive end there loses nothing.
    assertThat(upTo.maxOffsetExclusive).isEqualTo(Long.MAX_VALUE);
    Narrowing atLeastMin = of(new GreaterThanOrEqual(OFFSET, lit(Long.MIN_VALUE)));
    assertThat(atLeastMin.minOffset).isZero();
    Narrowing belowMin = of(new LessThan(OFFSET, lit(Long.MIN_VALUE)));
    assertThat(belowMin.maxOffsetExclusive).isEqualTo(Long.MIN_VALUE);
    Narrowing fromMin = of(new LessThanOrEqual(lit(Long.MIN_VALUE), OFFSET));
    assertThat(fromMin.minOffset).isZero();
  }

  @Test
  void anOffsetComparedWithAnIntegerOrAnExpressionIsNotPushed() {
    Narrowing n =
        of(
            new GreaterThanOrEqual(OFFSET, lit(5)),
            new GreaterThan(new Coalesce(seq(OFFSET)), lit(5L)),
            new LessThan(OFFSET, new Literal(null, DataTypes.LongType)));
    assertThat(n.minOffset).isZero();
    assertThat(n.maxOffsetExclusive).isEqualTo(Long.MAX_VALUE);
    assertThat(n.narrowsAnything()).isFalse();
    assertThat(n.exact).isFalse();
  }

  @Test
  void partitionConditionsAreEvaluatedForEachPartition() {
    Narrowing in = of(new In(PARTITION, seq(lit(0), lit(2), lit(5))));
    assertThat(partitions(in)).containsExactly(0, 2, 5);
    Narrowing both = of(new In(PARTITION, seq(lit(0), lit(2))), new GreaterThan(PARTITION, lit(0)));
    assertThat(partitions(both)).containsExactly(2);
    Narrowing not = of(new Not(new EqualTo(PARTITION, lit(1))));
    assertThat(partitions(not)).containsExactly(0, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(not.exact).isTrue();
  }

  @Test
  void partitionConditionsNoPartitionMeetsSelectNone() {
    Narrowing n = of(new Or(new EqualTo(PARTITION, lit(70)), new LessThan(PARTITION, lit(0))));
    assertThat(partitions(n)).isEmpty();
    assertThat(n.narrowsAnything()).isTrue();
  }

  @Test
  void topicConditionsSelectTopicsByName() {
    Narrowing n =
        of(
            new In(
                TOPIC,
                seq(
                    Literal.create("a", DataTypes.StringType),
                    Literal.create("b", DataTypes.StringType))),
            new Not(new EqualTo(TOPIC, Literal.create("b", DataTypes.StringType))));
    assertThat(n.topics.test("a")).isTrue();
    assertThat(n.topics.test("b")).isFalse();
    assertThat(n.topics.test("c")).isFalse();
  }

  @Test
  void aTimestampLowerBoundRoundsUpToTheNextMillisecond() {
    assertThat(of(new GreaterThanOrEqual(TIMESTAMP, micros(5_000))).minTimestampMs).isEqualTo(5);
    assertThat(of(new GreaterThanOrEqual(TIMESTAMP, micros(5_001))).minTimestampMs).isEqualTo(6);
    assertThat(of(new GreaterThan(TIMESTAMP, micros(5_000))).minTimestampMs).isEqualTo(6);
    assertThat(of(new GreaterThan(TIMESTAMP, micros(4_999))).minTimestampMs).isEqualTo(5);
    assertThat(of(new EqualTo(TIMESTAMP, micros(5_500))).minTimestampMs).isEqualTo(6);
    assertThat(of(new LessThan(micros(5_000), TIMESTAMP)).minTimestampMs).isEqualTo(6);
  }

  @Test
  void timestampBoundsAreNeverExactAndOnlyTheLowerOneCounts() {
    Narrowing n =
        of(
            new GreaterThanOrEqual(TIMESTAMP, micros(2_000)),
            new GreaterThanOrEqual(TIMESTAMP, micros(9_000)),
            new LessThan(TIMESTAMP, micros(12_000)));
    assertThat(n.minTimestampMs).isEqualTo(9);
    assertThat(n.exact).isFalse();
    assertThat(n.pushed).hasSize(2);
    Narrowing upper = of(new LessThanOrEqual(TIMESTAMP, micros(12_000)));
    assertThat(upper.minTimestampMs).isEqualTo(Long.MIN_VALUE);
    assertThat(upper.narrowsAnything()).isFalse();
  }

  /** Kafka's ListOffsets reads negative timestamps as latest (-1), earliest (-2) and so on. */
  @Test
  void aTimestampLowerBoundBeforeTheEpochIsNotPushed() {
    assertThat(of(new GreaterThanOrEqual(TIMESTAMP, micros(-1_000))).minTimestampMs)
        .isEqualTo(Long.MIN_VALUE);
    assertThat(of(new GreaterThan(TIMESTAMP, micros(-3_500))).minTimestampMs)
        .isEqualTo(Long.MIN_VALUE);
    assertThat(of(new GreaterThan(TIMESTAMP, micros(-1))).minTimestampMs).isZero();
    assertThat(of(new GreaterThanOrEqual(TIMESTAMP, micros(-999))).minTimestampMs).isZero();
  }

  @Test
  void conditionsOnOtherColumnsMakeTheBoundsInexact() {
    Narrowing n = of(new GreaterThanOrEqual(OFFSET, lit(3L)), new IsNotNull(VALUE));
    assertThat(n.minOffset).isEqualTo(3);
    assertThat(n.exact).isFalse();
    Narrowing twoColumns = of(new GreaterThan(OFFSET, PARTITION));
    assertThat(twoColumns.exact).isFalse();
    assertThat(twoColumns.narrowsAnything()).isFalse();
  }

  @Test
  void inferredNotNullConditionsChangeNothing() {
    Narrowing n = of(new IsNotNull(OFFSET), new IsNotNull(PARTITION), new IsNotNull(TIMESTAMP));
    assertThat(n.exact).isTrue();
    assertThat(n.narrowsAnything()).isFalse();
  }

  private static scala.collection.immutable.Seq<Expression> seq(Expression... items) {
    return CollectionConverters.asScala(List.of(items)).toList();
  }
}
