package io.github.sparkkafkasql.kafka;

import io.github.sparkkafkasql.options.BrokerAddress;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.requests.SaslHandshakeResponse;

/**
 * Asks a Kafka listener what it speaks, when a client's connection went silent: a listener that
 * expects another protocol (TLS where the client sends plain Kafka requests, SASL where it sends
 * none) drops the connection, and the Kafka client only retries until its timeout. Two questions
 * answer it: does the listener complete a TLS handshake (any certificate is accepted, nothing is
 * sent but the probe), and how does it answer a SASL handshake request (a SASL listener names its
 * enabled mechanisms, any other answers ILLEGAL_SASL_STATE).
 */
final class ListenerProbe {

  /** What a listener speaks; {@code mechanisms} is empty when it does not use SASL. */
  record Listener(boolean tls, boolean sasl, List<String> mechanisms) {

    String protocol() {
      return sasl ? (tls ? "SASL_SSL" : "SASL_PLAINTEXT") : (tls ? "SSL" : "PLAINTEXT");
    }
  }

  private ListenerProbe() {}

  /**
   * What the listener at {@code host:port} speaks, or null when it cannot tell within {@code
   * timeoutMs} (half for each question).
   */
  static Listener probe(String address, int timeoutMs) {
    BrokerAddress parsed = BrokerAddress.parse(address);
    if (parsed == null) {
      return null;
    }
    String host = parsed.host();
    int port = parsed.port();
    int step = Math.max(1, timeoutMs / 2);
    boolean tls = speaksTls(host, port, step);
    try (Socket socket = connect(host, port, step, tls)) {
      SaslHandshakeResponse answer = saslHandshake(socket);
      Errors error = Errors.forCode(answer.data().errorCode());
      if (error == Errors.ILLEGAL_SASL_STATE) {
        return new Listener(tls, false, List.of());
      }
      return new Listener(tls, true, answer.data().mechanisms().stream().sorted().toList());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }

  private static boolean speaksTls(String host, int port, int timeoutMs) {
    try (Socket socket = connect(host, port, timeoutMs, true)) {
      return true;
    } catch (IOException | GeneralSecurityException e) {
      return false;
    }
  }

  private static Socket connect(String host, int port, int timeoutMs, boolean tls)
      throws IOException, GeneralSecurityException {
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(host, port), timeoutMs);
      plain.setSoTimeout(timeoutMs);
      if (!tls) {
        return plain;
      }
      SSLContext context = SSLContext.getInstance("TLS");
      // Only asks whether the listener speaks TLS; no credential is sent over this connection.
      context.init(null, new TrustManager[] {new AnyCertificate()}, null);
      SSLSocket socket =
          (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
      socket.startHandshake();
      return socket;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  private static SaslHandshakeResponse saslHandshake(Socket socket) throws IOException {
    short version = 1;
    RequestHeader header =
        new RequestHeader(ApiKeys.SASL_HANDSHAKE, version, "kafka-sql-listener-probe", 1);
    ByteBuffer request =
        new SaslHandshakeRequest.Builder(new SaslHandshakeRequestData().setMechanism("PLAIN"))
            .build(version)
            .serializeWithHeader(header);
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    out.writeInt(request.remaining());
    out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int size = in.readInt();
    if (size < 0 || size > 1 << 20) {
      throw new IOException("not a Kafka response");
    }
    byte[] body = new byte[size];
    in.readFully(body);
    return (SaslHandshakeResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(body), header);
  }

  /** Trusts any certificate: the probe only learns whether the listener speaks TLS. */
  private static final class AnyCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
