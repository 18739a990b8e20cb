package io.github.sparkkafkasql.cli;

import java.util.Optional;

/**
 * Replaces {@code ${bootstrap}} in SQL text with the broker address.
 *
 * <p>Other {@code ${...}} references are left alone: Spark's own variable substitution resolves
 * those ({@code ${spark.sql.shuffle.partitions}}, {@code ${hiveconf:x}}).
 */
final class Placeholders {

  static final String BOOTSTRAP = "${bootstrap}";
  static final String REGISTRY = "${registry}";

  private Placeholders() {}

  /**
   * {@code sql} with every {@code ${bootstrap}} replaced by {@code bootstrapServers}.
   *
   * @throws IllegalArgumentException if the text uses {@code ${bootstrap}} and there is no broker
   */
  static String substitute(String sql, Optional<String> bootstrapServers) {
    if (!sql.contains(BOOTSTRAP)) {
      return sql;
    }
    String servers =
        bootstrapServers.orElseThrow(
            () ->
                new IllegalArgumentException(
                    "The SQL uses "
                        + BOOTSTRAP
                        + " but no broker is set: pass --bootstrap-servers host:port,"
                        + " --embedded-kafka or --demo."));
    return sql.replace(BOOTSTRAP, servers);
  }

  /**
   * {@code sql} with every {@code ${registry}} replaced by the address of the demo's Schema
   * Registry.
   *
   * @throws IllegalArgumentException if the text uses {@code ${registry}} and no registry runs
   */
  static String substituteRegistry(String sql, Optional<String> registryAddress) {
    if (!sql.contains(REGISTRY)) {
      return sql;
    }
    String address =
        registryAddress.orElseThrow(
            () ->
                new IllegalArgumentException(
                    "The SQL uses "
                        + REGISTRY
                        + " but no Schema Registry runs: only --demo avro starts one; against"
                        + " your own registry, write its address."));
    return sql.replace(REGISTRY, address);
  }
}
