package io.github.sparkkafkasql.payloads;

import io.github.sparkkafkasql.errors.OptionErrors;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a Schema Registry is reached besides its address: basic authentication ({@code
 * schemaRegistryAuth}) or a bearer token ({@code schemaRegistryBearerToken}), resolved from their
 * secrets, and the TLS stores ({@link RegistryTls}). Carried to executors inside the decoding
 * expression; never printed: its {@code toString} is redacted, and plans show expressions by their
 * children only.
 */
final class RegistryAuth implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String header;
  private final RegistryTls tls;

  private RegistryAuth(String header, RegistryTls tls) {
    this.header = header;
    this.tls = tls;
  }

  /** The credentials and TLS stores the options give; null when they give none. */
  static RegistryAuth of(Function<KafkaOption, String> options) {
    String userInfo = options.apply(ReadKafkaOptions.SCHEMA_REGISTRY_AUTH);
    String token = options.apply(ReadKafkaOptions.SCHEMA_REGISTRY_BEARER_TOKEN);
    if (userInfo != null && token != null) {
      throw OptionErrors.conflictingOptions(
          List.of(
              ReadKafkaOptions.SCHEMA_REGISTRY_AUTH.name(),
              ReadKafkaOptions.SCHEMA_REGISTRY_BEARER_TOKEN.name()),
          "how to authenticate to the schema registry");
    }
    String header =
        userInfo != null
            ? "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8))
            : token != null ? "Bearer " + token.trim() : null;
    RegistryTls tls = RegistryTls.of(options);
    return header == null && tls == null ? null : new RegistryAuth(header, tls);
  }

  /** The value of the {@code Authorization} header; null when none is sent. */
  String header() {
    return header;
  }

  /** The TLS stores; null for the JVM's defaults. */
  RegistryTls tls() {
    return tls;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegistryAuth a
        && Objects.equals(a.header, header)
        && Objects.equals(a.tls, tls);
  }

  @Override
  public int hashCode() {
    return Objects.hash(header, tls);
  }

  @Override
  public String toString() {
    return "RegistryAuth(*********)";
  }
}
