package io.github.sparkkafkasql.payloads;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The basic-authentication credentials of a Schema Registry ({@code schemaRegistryAuth}, resolved
 * from its secret). Carried to executors inside the decoding expression; never printed: its {@code
 * toString} is redacted, and plans show expressions by their children only.
 */
final class RegistryAuth implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String userInfo;

  private RegistryAuth(String userInfo) {
    this.userInfo = userInfo;
  }

  /** The credentials of {@code user:password}; null when none are given. */
  static RegistryAuth of(String userInfo) {
    return userInfo == null ? null : new RegistryAuth(userInfo);
  }

  /** The value of the {@code Authorization} header. */
  String header() {
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegistryAuth a && a.userInfo.equals(userInfo);
  }

  @Override
  public int hashCode() {
    return userInfo.hashCode();
  }

  @Override
  public String toString() {
    return "RegistryAuth(*********)";
  }
}
