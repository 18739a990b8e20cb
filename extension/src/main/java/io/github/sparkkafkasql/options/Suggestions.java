package io.github.sparkkafkasql.options;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean" candidates: the names closest to a misspelt one. */
public final class Suggestions {

  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

  private Suggestions() {}

  /**
   * Up to {@code max} candidates ordered by edit distance (ignoring case), keeping only those
   * within about a third of the name's length, so unrelated names are not proposed.
   */
  public static List<String> closest(String name, Collection<String> candidates, int max) {
    String lower = name.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, lower.length() / 3);
    return candidates.stream()
        .filter(c -> distance(lower, c) <= limit || c.toLowerCase(Locale.ROOT).contains(lower))
        .sorted(Comparator.comparingInt((String c) -> distance(lower, c)).thenComparing(c -> c))
        .limit(max)
        .toList();
  }

  private static int distance(String lower, String candidate) {
    return DISTANCE.apply(lower, candidate.toLowerCase(Locale.ROOT));
  }
}
