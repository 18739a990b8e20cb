package io.github.sparkkafkasql.embedded;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts one embedded broker per test JVM and stops it when the JVM's tests
 * are done. Test classes use {@code @ExtendWith(KafkaBrokerExtension.class)} and take an {@link
 * EmbeddedKafka} parameter, or call {@link #broker()}.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

  private static volatile EmbeddedKafka shared;

  @Override
  public void beforeAll(ExtensionContext context) {
    broker(context);
  }

  private static synchronized EmbeddedKafka broker(ExtensionContext context) {
    // The root store closes its values when the whole test run ends: one broker per JVM.
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    Holder holder = store.getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class);
    shared = holder.kafka;
    return holder.kafka;
  }

  /** The broker started for this JVM; only valid once a test class using the extension began. */
  public static EmbeddedKafka broker() {
    if (shared == null) {
      throw new IllegalStateException("KafkaBrokerExtension has not started a broker yet");
    }
    return shared;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedKafka.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return broker(context);
  }

  private static final class Holder
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final EmbeddedKafka kafka = EmbeddedKafka.start();

    @Override
    public void close() {
      shared = null;
      kafka.close();
    }
  }
}
