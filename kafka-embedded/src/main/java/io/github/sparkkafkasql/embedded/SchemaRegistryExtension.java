package io.github.sparkkafkasql.embedded;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts one {@link SchemaRegistry} per test JVM, on first use, and stops it
 * when the JVM's tests are done. Test methods or lifecycle methods take a {@link SchemaRegistry}
 * parameter. The module's build must pass {@value SchemaRegistry#RUNNER_PROPERTY}.
 */
public final class SchemaRegistryExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SchemaRegistryExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SchemaRegistry.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // The root store closes its values when the whole test run ends: one registry per JVM.
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class)
        .registry;
  }

  private static final class Holder
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final SchemaRegistry registry = SchemaRegistry.start();

    @Override
    public void close() {
      registry.close();
    }
  }
}
