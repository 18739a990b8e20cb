package io.github.sparkkafkasql.pushdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sparkkafkasql.pushdown.OffsetRanges.Range;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Offset arithmetic of pushdown without a broker: cutting ranges and reading offset options. */
class OffsetRangesTest {

  private static final TopicPartition T0 = new TopicPartition("t", 0);
  private static final TopicPartition T1 = new TopicPartition("t", 1);
  private static final TopicPartition U0 = new TopicPartition("u", 0);

  /** A partition whose records start at offset 100 (retention deleted the rest) and end at 200. */
  private static final Range RETAINED = new Range(100, 200);

  @Test
  void boundsInsideTheRangeCutIt() {
    assertThat(RETAINED.within(120, 150)).isEqualTo(new Range(120, 150));
    assertThat(RETAINED.within(120, 121)).isEqualTo(new Range(120, 121));
    assertThat(RETAINED.within(199, 200)).isEqualTo(new Range(199, 200));
  }

  @Test
  void boundsOutsideTheRangeChangeNothing() {
    assertThat(RETAINED.within(0, Long.MAX_VALUE)).isEqualTo(RETAINED);
    assertThat(RETAINED.within(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(RETAINED);
    assertThat(RETAINED.within(100, 200)).isEqualTo(RETAINED);
  }

  @Test
  void anEmptyCutStaysWithinTheRange() {
    // Below the range: before, Spark would have been asked for offsets 50 to 50, deleted ones.
    assertThat(RETAINED.within(0, 50)).isEqualTo(new Range(100, 100));
    // Spark reads -1 as the latest offset and -2 as the earliest: never ends of a range.
    assertThat(RETAINED.within(0, -1)).isEqualTo(new Range(100, 100));
    assertThat(RETAINED.within(0, -2)).isEqualTo(new Range(100, 100));
    assertThat(RETAINED.within(0, Long.MIN_VALUE)).isEqualTo(new Range(100, 100));
    assertThat(RETAINED.within(300, Long.MAX_VALUE)).isEqualTo(new Range(200, 200));
    assertThat(RETAINED.within(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(new Range(200, 200));
  }

  @Test
  void contradictingBoundsGiveAnEmptyRangeAtTheLowerOne() {
    assertThat(RETAINED.within(150, 120)).isEqualTo(new Range(150, 150));
    assertThat(RETAINED.within(150, 150)).isEqualTo(new Range(150, 150));
  }

  @Test
  void anEmptyRangeStaysEmpty() {
    Range empty = new Range(7, 7);
    assertThat(empty.within(0, 100)).isEqualTo(empty);
    assertThat(empty.within(8, 9)).isEqualTo(empty);
    assertThat(empty.within(0, 3)).isEqualTo(empty);
  }

  @Test
  void specificOffsetsResolveEarliestAndLatest() throws Exception {
    Map<TopicPartition, Long> earliest = Map.of(T0, 100L, T1, 0L, U0, 5L);
    Map<TopicPartition, Long> latest = Map.of(T0, 200L, T1, 40L, U0, 9L);
    assertThat(
            OffsetRanges.specific(
                List.of(T0, T1, U0),
                "{\"t\":{\"0\":-2,\"1\":-1},\"u\":{\"0\":7}}",
                earliest,
                latest))
        .containsExactly(Map.entry(T0, 100L), Map.entry(T1, 40L), Map.entry(U0, 7L));
  }

  /** Ending offsets have no earliest: -2 stays, and Spark rejects it when the query runs. */
  @Test
  void endingOffsetsKeepMinusTwo() throws Exception {
    assertThat(OffsetRanges.specific(List.of(T0), "{\"t\":{\"0\":-2}}", null, Map.of(T0, 9L)))
        .containsEntry(T0, -2L);
  }

  @Test
  void aPartitionTheOffsetsDoNotNameStopsThePushdown() {
    assertThatThrownBy(
            () ->
                OffsetRanges.specific(
                    List.of(T0, T1), "{\"t\":{\"0\":3}}", Map.of(T0, 0L, T1, 0L), Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("t-1");
  }
}
