package io.github.sparkkafkasql.kafka;

import io.github.sparkkafkasql.errors.SecurityErrors;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;

/**
 * Turns the security failures of a Kafka client into this extension's errors: which login failed,
 * which TLS check, or how the client and the listener disagree, with the option that fixes it. The
 * messages are written here, never copied from an exception, so no credential can reach them.
 */
final class SecurityFailures {

  private static final String TRUSTSTORE_FIX =
      "Set `kafka.ssl.truststore.location` (and `kafka.ssl.truststore.type`,"
          + " `kafka.ssl.truststore.password`) to a truststore with the CA that signed the"
          + " broker's certificate; managed clusters with public certificates need none.";

  private final String servers;
  private final Map<String, String> client;

  SecurityFailures(String servers, Map<String, String> clientSettings) {
    this.servers = servers;
    this.client = clientSettings;
  }

  private String protocol() {
    return client.getOrDefault("security.protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
  }

  private String mechanism() {
    return client.getOrDefault("sasl.mechanism", "GSSAPI").toUpperCase(Locale.ROOT);
  }

  /** The error for a failure of the client, or null when it is not a security failure. */
  RuntimeException classify(Throwable failure, int probeTimeoutMs) {
    if (failure instanceof UnsupportedSaslMechanismException
        || failure instanceof IllegalSaslStateException) {
      RuntimeException mismatch = diagnose(probeTimeoutMs);
      return mismatch != null
          ? mismatch
          : SecurityErrors.listenerMismatch(
              servers,
              "does not accept the SASL mechanism " + mechanism(),
              "uses `kafka.security.protocol` " + protocol() + " with " + mechanism(),
              "Set `kafka.sasl.mechanism` to a mechanism the listener enables.");
    }
    if (failure instanceof SslAuthenticationException) {
      RuntimeException tls = tls(failure);
      if (tls != null) {
        return tls;
      }
      RuntimeException mismatch = diagnose(probeTimeoutMs);
      return mismatch != null
          ? mismatch
          : SecurityErrors.tlsHandshakeFailed(
              servers, "the broker closed the handshake", TRUSTSTORE_FIX);
    }
    if (failure instanceof SaslAuthenticationException) {
      return SecurityErrors.authenticationFailed(
          servers, mechanism(), "wrong password or unknown user");
    }
    if (failure instanceof AuthenticationException) {
      return SecurityErrors.authenticationFailed(
          servers, mechanism(), failure.getClass().getSimpleName());
    }
    return null;
  }

  /** A certificate the client refused, with the option that fixes it; null if it was not that. */
  private RuntimeException tls(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof CertificateExpiredException || m.contains("validity check failed")) {
        return SecurityErrors.tlsHandshakeFailed(
            servers,
            "the broker's certificate has expired",
            "Renew the broker's certificate; the client cannot accept an expired one.");
      }
      if (t instanceof CertificateNotYetValidException) {
        return SecurityErrors.tlsHandshakeFailed(
            servers,
            "the broker's certificate is not valid yet",
            "Check the clocks of the broker and of the Spark driver.");
      }
      if (m.contains("no subject alternative") || m.contains("no name matching")) {
        return SecurityErrors.tlsHandshakeFailed(
            servers,
            "the broker's certificate is not issued for the host name in `bootstrapServers`",
            "Connect with a host name the certificate names (e.g. the broker's DNS name), or, only"
                + " if you accept the risk, set `kafka.ssl.endpoint.identification.algorithm`"
                + " => '' to turn off host name verification.");
      }
      if (m.contains("pkix path") || m.contains("unable to find valid certification path")) {
        return SecurityErrors.tlsHandshakeFailed(
            servers, "the broker's certificate is not signed by a trusted CA", TRUSTSTORE_FIX);
      }
      if (m.contains("bad_certificate") || m.contains("certificate_required")) {
        return SecurityErrors.tlsHandshakeFailed(
            servers,
            "the broker requires a client certificate (mutual TLS) and refused this one",
            "Set `kafka.ssl.keystore.location`, `kafka.ssl.keystore.type` and"
                + " `kafka.ssl.keystore.password` (and `kafka.ssl.key.password`) to a keystore"
                + " with a certificate the broker trusts.");
      }
    }
    return null;
  }

  /**
   * Asks the first bootstrap listener what it speaks and names the difference with the client's
   * settings; null when they agree or the listener does not tell.
   */
  RuntimeException diagnose(int probeTimeoutMs) {
    String first = servers.split(",")[0].trim();
    ListenerProbe.Listener listener = ListenerProbe.probe(first, probeTimeoutMs);
    if (listener == null) {
      return null;
    }
    String clientProtocol = protocol();
    boolean clientTls = clientProtocol.endsWith("SSL");
    boolean clientSasl = clientProtocol.startsWith("SASL");
    String fix = "Set `kafka.security.protocol` => '" + listener.protocol() + "'";
    if (listener.sasl() && !clientSasl) {
      fix += " with `kafka.sasl.mechanism` and `kafka.sasl.jaas.config`";
    }
    fix += ", or connect to the listener for " + clientProtocol + ".";
    if (listener.tls() != clientTls || listener.sasl() != clientSasl) {
      return SecurityErrors.listenerMismatch(
          servers,
          "speaks " + listener.protocol() + mechanisms(listener.mechanisms()),
          "uses `kafka.security.protocol` " + clientProtocol,
          fix);
    }
    if (clientSasl && !listener.mechanisms().contains(mechanism())) {
      return SecurityErrors.listenerMismatch(
          servers,
          "speaks " + listener.protocol() + mechanisms(listener.mechanisms()),
          "uses `kafka.sasl.mechanism` " + mechanism(),
          "Set `kafka.sasl.mechanism` to one of "
              + String.join(", ", listener.mechanisms())
              + " (and the matching login module in `kafka.sasl.jaas.config`).");
    }
    return null;
  }

  private static String mechanisms(List<String> mechanisms) {
    return mechanisms.isEmpty() ? "" : " with SASL mechanisms " + String.join(", ", mechanisms);
  }
}
