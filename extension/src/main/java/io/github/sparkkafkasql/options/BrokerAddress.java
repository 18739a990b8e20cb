package io.github.sparkkafkasql.options;

import org.apache.kafka.common.utils.Utils;

/**
 * One entry of {@code bootstrapServers}, read as Kafka's client reads it ({@code Utils.getHost} and
 * {@code getPort}): {@code host:port}, {@code [ipv6]:port}, with or without a listener prefix such
 * as {@code PLAINTEXT://} or {@code SASL_SSL://}, which Kafka ignores (addresses copied from a
 * broker's {@code listeners} carry one).
 */
public record BrokerAddress(String host, int port) {

  /** The address, or null when Kafka's client would not read {@code entry} as one. */
  public static BrokerAddress parse(String entry) {
    String e = entry.trim();
    String host = Utils.getHost(e);
    Integer port = Utils.getPort(e);
    return host == null || host.isEmpty() || port == null ? null : new BrokerAddress(host, port);
  }
}
