package io.github.sparkkafkasql.errors;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What an error's parameters must never show: the values {@code secret('name')} resolved to in this
 * JVM, wherever an option used them (an address, a topic, a schema held in a secret), and the
 * credentials of a URL ({@code https://user:password@host}).
 */
public final class Redaction {

  /** Shorter values would redact ordinary words that happen to match a secret. */
  private static final int MIN_LENGTH = 4;

  private static final Pattern URL_CREDENTIALS =
      Pattern.compile("(\\b[A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]+@");

  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

  private Redaction() {}

  /** Remembers a value {@code secret('name')} resolved to. */
  public static void secretResolved(String value) {
    if (value != null && value.length() >= MIN_LENGTH) {
      SECRETS.add(value);
    }
  }

  /** {@code text} with secret values and URL credentials replaced by {@code (not shown)}. */
  public static String apply(String text) {
    if (text == null) {
      return null;
    }
    String out = URL_CREDENTIALS.matcher(text).replaceAll("$1(not shown)@");
    for (String secret : SECRETS) {
      if (out.contains(secret)) {
        out = out.replace(secret, "(not shown)");
      }
    }
    return out;
  }
}
