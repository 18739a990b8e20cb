package io.github.sparkkafkasql.errors;

/**
 * Factories for the errors of secured Kafka clusters: rejected credentials, a client and a listener
 * that speak different protocols, failed TLS handshakes and missing ACLs; one method per condition,
 * as in {@link KafkaSqlErrors}. No parameter ever holds a credential.
 */
public final class SecurityErrors {

  private SecurityErrors() {}

  public static RuntimeException authenticationFailed(
      String servers, String mechanism, String reason) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_AUTHENTICATION_FAILED",
        "servers",
        servers,
        "mechanism",
        mechanism,
        "reason",
        reason);
  }

  public static RuntimeException listenerMismatch(
      String servers, String listener, String client, String fix) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_LISTENER_MISMATCH",
        "servers",
        servers,
        "listener",
        listener,
        "client",
        client,
        "fix",
        fix);
  }

  public static RuntimeException tlsHandshakeFailed(String servers, String reason, String fix) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_TLS_HANDSHAKE_FAILED", "servers", servers, "reason", reason, "fix", fix);
  }

  public static RuntimeException topicNotAuthorized(String topics, String servers) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_TOPIC_NOT_AUTHORIZED", "topics", topics, "servers", servers);
  }

  public static RuntimeException groupNotAuthorized(String group, String servers) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_GROUP_NOT_AUTHORIZED", "group", group, "servers", servers);
  }
}
