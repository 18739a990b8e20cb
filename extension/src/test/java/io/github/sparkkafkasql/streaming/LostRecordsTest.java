package io.github.sparkkafkasql.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import scala.Tuple3;

/** Which unread offsets of a batch are loss. Needs no Spark session or broker. */
class LostRecordsTest {

  private static String unread(long from, long to, List<long[]> runs, long earliest) {
    StringBuilder s = new StringBuilder();
    for (long[] r : LostRecords.unread(from, to, runs, earliest)) {
      s.append('[').append(r[0]).append(',').append(r[1]).append(')');
    }
    return s.toString();
  }

  private static long[] run(long lo, long hi) {
    return new long[] {lo, hi};
  }

  @Test
  void unreadOffsetsKafkaStillHoldsAreNoLoss() {
    // Aborted records or compaction: offsets 40..59 were not read but are still in Kafka.
    assertThat(unread(0, 100, List.of(run(0, 39), run(60, 99)), 0)).isEmpty();
    assertThat(unread(0, 100, List.of(), 0)).isEmpty();
  }

  @Test
  void unreadOffsetsBelowTheEarliestAreLoss() {
    // A whole batch deleted before it was read.
    assertThat(unread(50, 100, List.of(), 300)).isEqualTo("[50,100)");
    // Its start, its middle (deleted while it was read), its end.
    assertThat(unread(0, 100, List.of(run(30, 99)), 30)).isEqualTo("[0,30)");
    assertThat(unread(0, 100, List.of(run(0, 29), run(80, 99)), 80)).isEqualTo("[30,80)");
    assertThat(unread(0, 100, List.of(run(0, 29)), 250)).isEqualTo("[30,100)");
    // Only what is below the earliest offset now.
    assertThat(unread(0, 100, List.of(run(0, 29)), 60)).isEqualTo("[30,60)");
  }

  @Test
  void aSingleUnreadOffsetIsATransactionMarker() {
    assertThat(unread(10, 100, List.of(run(11, 99)), 500)).isEmpty();
    assertThat(unread(0, 100, List.of(run(0, 98)), 500)).isEmpty();
  }

  @Test
  void runsJoinOverMarkersAndMergeAcrossTasks() {
    ReadOffsets agg = new ReadOffsets();
    ReadOffsets.Runs a = agg.zero();
    for (long o : new long[] {0, 1, 2, 4, 5, 9, 10}) {
      agg.reduce(a, new Tuple3<>("t", 0, o));
    }
    ReadOffsets.Runs b = agg.zero();
    for (long o : new long[] {11, 12, 30}) {
      agg.reduce(b, new Tuple3<>("t", 0, o));
    }
    agg.reduce(b, new Tuple3<>("t", 1, 7L));
    String text = agg.finish(agg.merge(a, b));
    // 3 is a marker (one offset); 6..8 are not read.
    assertThat(text).isEqualTo("t-0=0-5,9-12,30-30;t-1=7-7");
    Map<String, List<long[]>> parsed = ReadOffsets.parse(text);
    assertThat(parsed.get("t-0")).hasSize(3);
    assertThat(parsed.get("t-0").get(1)).containsExactly(9, 12);
    assertThat(parsed.get("t-1").get(0)).containsExactly(7, 7);
  }
}
