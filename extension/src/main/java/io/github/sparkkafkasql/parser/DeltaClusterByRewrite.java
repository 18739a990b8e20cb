package io.github.sparkkafkasql.parser;

/**
 * Undoes, for our statements, Delta's rewrite of {@code CLUSTER BY}.
 *
 * <p>When Delta's extension is listed after ours, Delta's parser sees a statement first. Delta 4.4
 * ({@code ClusterByParserUtils.parsePlan} in delta-io/delta, spark module) replaces any {@code
 * CLUSTER BY (cols)} with {@code PARTITIONED BY (cols)}, hands the text to the next parser (ours),
 * and turns the partitioning back into clustering only in Spark's own CREATE/REPLACE TABLE plans.
 * So a CREATE STREAMING TABLE reaches us with PARTITIONED BY where the user wrote CLUSTER BY; while
 * that rewrite is on the stack, the (single: Delta refuses both) PARTITIONED BY we see is the
 * clustering. Delete this class when Delta leaves CLUSTER BY to Spark's parser.
 */
final class DeltaClusterByRewrite {

  private static final String REWRITER =
      "org.apache.spark.sql.delta.skipping.clustering.temp.ClusterByParserUtils";

  private DeltaClusterByRewrite() {}

  /** Whether the statement being parsed came through Delta's CLUSTER BY rewrite. */
  static boolean active() {
    return StackWalker.getInstance()
        .walk(frames -> frames.anyMatch(f -> f.getClassName().equals(REWRITER)));
  }

  /** The table specification as the user wrote it. */
  static TableSpec undo(TableSpec spec) {
    if (spec.partitionedBy().isEmpty() || !spec.clusterBy().isEmpty() || !active()) {
      return spec;
    }
    return new TableSpec(
        spec.columns(),
        java.util.List.of(),
        spec.partitionedBy(),
        spec.comment(),
        spec.properties());
  }
}
