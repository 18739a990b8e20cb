package io.github.sparkkafkasql.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkThrowable;
import org.junit.jupiter.api.Test;

/**
 * The JSON file of conditions and the factories agree (as Delta's DeltaThrowableSuite checks
 * Delta's): names sorted and unique, every condition raised by a factory, and every factory filling
 * exactly the parameters its message names. Each factory is called with placeholder arguments, so a
 * parameter added to a template but not to its factory fails here, not in front of a user.
 */
class ErrorConditionsTest {

  private static final Path JSON = Paths.get("src/main/resources", ErrorConditions.RESOURCE);
  private static final Path MAIN = Paths.get("src/main/java");
  private static final Path FACTORIES = MAIN.resolve("io/github/sparkkafkasql/errors");
  private static final Pattern PARAMETER = Pattern.compile("<([A-Za-z][A-Za-z0-9_]*)>");

  @Test
  void conditionNamesAreSortedAndUnique() throws IOException {
    List<String> names = new ArrayList<>();
    try (JsonParser p = new ObjectMapper().getFactory().createParser(JSON.toFile())) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        names.add(p.currentName());
        p.nextToken();
        p.skipChildren();
      }
    }
    assertThat(names).isNotEmpty().doesNotHaveDuplicates().isSorted();
    assertThat(names).allMatch(n -> n.startsWith("KAFKA_SQL_"), "prefixed KAFKA_SQL_");
  }

  @Test
  void everyConditionIsUsedInTheMainSources() throws IOException {
    String sources;
    try (Stream<Path> files = Files.walk(MAIN)) {
      sources =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .map(ErrorConditionsTest::read)
              .collect(Collectors.joining("\n"));
    }
    List<String> unused =
        ErrorConditions.all().keySet().stream()
            .filter(c -> !sources.contains("\"" + c + "\""))
            .toList();
    assertThat(unused).as("conditions no factory raises").isEmpty();
  }

  @Test
  void everyFactoryFillsExactlyTheParametersOfItsMessage() throws Exception {
    Map<String, String> problems = new TreeMap<>();
    Set<String> raised = new HashSet<>();
    for (Method m : factories()) {
      Object[] args = placeholders(m);
      if (args == null) {
        continue;
      }
      SparkThrowable e = thrownBy(m, args);
      String condition = e.getCondition();
      if (!condition.startsWith("KAFKA_SQL_")) {
        continue;
      }
      raised.add(condition);
      Set<String> expected = parameters(ErrorConditions.get(condition).template());
      Set<String> given = new TreeSet<>(e.getMessageParameters().keySet());
      if (!expected.equals(given)) {
        problems.put(
            m.getDeclaringClass().getSimpleName() + "." + m.getName(),
            condition + " names " + expected + " but the factory gives " + given);
      }
    }
    assertThat(problems).isEmpty();
    assertThat(raised)
        .as("conditions raised by a factory")
        .isEqualTo(ErrorConditions.all().keySet());
  }

  /** The public static factories of every *Errors class in the errors package. */
  private static List<Method> factories() throws IOException, ClassNotFoundException {
    List<Method> methods = new ArrayList<>();
    try (Stream<Path> files = Files.list(FACTORIES)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.endsWith("Errors.java")) {
          continue;
        }
        Class<?> c =
            Class.forName(
                ErrorConditionsTest.class.getPackageName()
                    + "."
                    + name.substring(0, name.length() - 5));
        for (Method m : c.getDeclaredMethods()) {
          if (Modifier.isPublic(m.getModifiers())
              && Modifier.isStatic(m.getModifiers())
              && RuntimeException.class.isAssignableFrom(m.getReturnType())
              && !m.getName().equals("raise")) {
            methods.add(m);
          }
        }
      }
    }
    assertThat(methods).isNotEmpty();
    return methods;
  }

  /** Arguments for a factory, or null when it needs a live session (Spark's own conditions). */
  private static Object[] placeholders(Method m) {
    Class<?>[] types = m.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Class<?> t = types[i];
      if (t == String.class) {
        args[i] = "x" + i;
      } else if (t == int.class || t == Integer.class) {
        args[i] = i + 1;
      } else if (t == long.class || t == Long.class) {
        args[i] = (long) i + 1;
      } else if (t == List.class) {
        args[i] = List.of("x" + i, "y" + i);
      } else if (Throwable.class.isAssignableFrom(t)) {
        args[i] = new IllegalStateException("cause " + i);
      } else {
        return null;
      }
    }
    return args;
  }

  private static SparkThrowable thrownBy(Method m, Object[] args) throws IllegalAccessException {
    try {
      // Most factories throw (for analysis errors); executor-side ones return their exception.
      if (m.invoke(null, args) instanceof SparkThrowable returned) {
        return returned;
      }
    } catch (InvocationTargetException e) {
      assertThat(e.getCause()).as(m.getName()).isInstanceOf(SparkThrowable.class);
      return (SparkThrowable) e.getCause();
    }
    throw new AssertionError(m.getName() + " returned instead of throwing");
  }

  private static Set<String> parameters(String template) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = PARAMETER.matcher(template);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
