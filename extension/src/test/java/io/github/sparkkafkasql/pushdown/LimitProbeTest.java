package io.github.sparkkafkasql.pushdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sparkkafkasql.pushdown.OffsetRanges.Range;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Where a pushed LIMIT cuts the ranges, given the offsets of the records in each partition (gaps
 * are compacted records or transaction markers); no broker.
 */
class LimitProbeTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private static final TopicPartition P2 = new TopicPartition("t", 2);

  /** The records of each partition, by offset; and what the probe read, batch by batch. */
  private final Map<TopicPartition, List<Long>> log = new LinkedHashMap<>();

  private final List<List<TopicPartition>> batches = new ArrayList<>();

  private void records(TopicPartition tp, long... offsets) {
    List<Long> list = new ArrayList<>();
    for (long o : offsets) {
      list.add(o);
    }
    log.put(tp, list);
  }

  private static List<Long> upTo(long n) {
    List<Long> list = new ArrayList<>();
    for (long o = 0; o < n; o++) {
      list.add(o);
    }
    return list;
  }

  private Map<TopicPartition, Range> cut(Map<TopicPartition, Range> ranges, long n) {
    return LimitProbe.cut(
        ranges,
        n,
        (partitions, rs, max) -> {
          batches.add(partitions);
          Map<TopicPartition, List<Long>> found = new LinkedHashMap<>();
          for (TopicPartition tp : partitions) {
            Range r = rs.get(tp);
            found.put(
                tp,
                log.getOrDefault(tp, List.of()).stream()
                    .filter(o -> o >= r.start() && o < r.end())
                    .limit(max)
                    .toList());
          }
          return found;
        });
  }

  private static Map<TopicPartition, Range> ranges(Object... tpAndRange) {
    Map<TopicPartition, Range> ranges = new LinkedHashMap<>();
    for (int i = 0; i < tpAndRange.length; i += 2) {
      ranges.put((TopicPartition) tpAndRange[i], (Range) tpAndRange[i + 1]);
    }
    return ranges;
  }

  @Test
  void aLimitWithinTheFirstPartitionCutsJustAfterItsLastRecord() {
    log.put(P0, upTo(10));
    log.put(P1, upTo(10));
    assertThat(cut(ranges(P0, new Range(0, 10), P1, new Range(0, 10)), 3))
        .containsExactly(Map.entry(P0, new Range(0, 3)));
    assertThat(batches).containsExactly(List.of(P0));
  }

  @Test
  void aLimitOfExactlyOnePartitionLeavesTheNextOut() {
    log.put(P0, upTo(3));
    log.put(P1, upTo(3));
    assertThat(cut(ranges(P0, new Range(0, 3), P1, new Range(0, 3)), 3))
        .containsExactly(Map.entry(P0, new Range(0, 3)));
  }

  @Test
  void aLimitAcrossPartitionsKeepsTheFirstWholeAndCutsTheLast() {
    log.put(P0, upTo(2));
    log.put(P1, upTo(10));
    log.put(P2, upTo(10));
    assertThat(cut(ranges(P0, new Range(0, 2), P1, new Range(0, 10), P2, new Range(0, 10)), 5))
        .containsExactly(Map.entry(P0, new Range(0, 2)), Map.entry(P1, new Range(0, 3)));
    // Two offsets of P0 cannot hold five records: P1 is read with it, P2 never.
    assertThat(batches).containsExactly(List.of(P0, P1));
  }

  @Test
  void rangesThatDoNotStartAtZeroAreCutFromTheirStart() {
    log.put(P0, upTo(100));
    assertThat(cut(ranges(P0, new Range(40, 100)), 2))
        .containsExactly(Map.entry(P0, new Range(40, 42)));
  }

  @Test
  void gapsBetweenRecordsCountAsNothing() {
    records(P0, 0, 2, 4, 6);
    records(P1, 0, 1, 2);
    // Offsets 0..3 of P0 hold two records; the third is at 4.
    assertThat(cut(ranges(P0, new Range(0, 8), P1, new Range(0, 3)), 3))
        .containsExactly(Map.entry(P0, new Range(0, 5)));
    batches.clear();
    // Four offsets hold two records (markers at 1 and 3): the probe reads on into P1.
    records(P0, 0, 2);
    assertThat(cut(ranges(P0, new Range(0, 4), P1, new Range(0, 3)), 3))
        .containsExactly(Map.entry(P0, new Range(0, 4)), Map.entry(P1, new Range(0, 1)));
    assertThat(batches).containsExactly(List.of(P0), List.of(P1));
  }

  @Test
  void emptyRangesAreSkippedAndTheOrderKept() {
    log.put(P0, upTo(5));
    log.put(P2, upTo(5));
    assertThat(cut(ranges(P2, new Range(0, 5), P1, new Range(3, 3), P0, new Range(0, 5)), 7))
        .containsExactly(Map.entry(P2, new Range(0, 5)), Map.entry(P0, new Range(0, 2)));
  }

  @Test
  void aLimitAboveEveryRecordKeepsEveryNonEmptyRangeWhole() {
    log.put(P0, upTo(3));
    log.put(P1, upTo(2));
    assertThat(cut(ranges(P0, new Range(0, 3), P1, new Range(0, 2), P2, new Range(0, 0)), 1000))
        .containsExactly(Map.entry(P0, new Range(0, 3)), Map.entry(P1, new Range(0, 2)));
  }

  @Test
  void nothingToReadKeepsNothing() {
    assertThat(cut(ranges(), 5)).isEmpty();
    assertThat(cut(ranges(P0, new Range(4, 4)), 5)).isEmpty();
    assertThat(batches).isEmpty();
  }

  @Test
  void aProbeThatTimesOutGivesNull() {
    log.put(P0, upTo(3));
    assertThat(LimitProbe.cut(ranges(P0, new Range(0, 3)), 2, (ps, rs, n) -> null)).isNull();
  }
}
