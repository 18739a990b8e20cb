package io.github.sparkkafkasql.errors;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an error's parameters must never show: the values {@code secret('name')} resolved to for the
 * statement this thread runs, wherever an option used them (an address, a topic, a schema held in a
 * secret), and the credentials of a URL ({@code https://user:password@host}). Per statement: a
 * value one session keeps secret may be another's plain broker address.
 */
public final class Redaction {

  /** Shorter values would redact ordinary words that happen to match a secret. */
  private static final int MIN_LENGTH = 4;

  private static final Pattern URL_CREDENTIALS =
      Pattern.compile("(\\b[A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]+@");

  private static final ThreadLocal<Set<String>> SECRETS =
      ThreadLocal.withInitial(java.util.HashSet::new);

  /** Some statements run others inside them: those keep what the outer one resolved. */
  private static final ThreadLocal<int[]> NESTING = ThreadLocal.withInitial(() -> new int[1]);

  private Redaction() {}

  /** A new top-level statement starts on this thread: forgets the last one's secrets. */
  public static void statementParsed() {
    if (NESTING.get()[0] == 0) {
      SECRETS.get().clear();
    }
  }

  /** Runs {@code body}, a statement's work that may parse statements of its own. */
  public static <T> T nested(java.util.function.Supplier<T> body) {
    NESTING.get()[0]++;
    try {
      return body.get();
    } finally {
      NESTING.get()[0]--;
    }
  }

  /** Remembers a value {@code secret('name')} resolved to. */
  public static void secretResolved(String value) {
    if (value != null && value.length() >= MIN_LENGTH) {
      SECRETS.get().add(value);
    }
  }

  /** Whether {@code text} holds a URL with credentials ({@code https://user:password@host}). */
  public static boolean hasUrlCredentials(String text) {
    return URL_CREDENTIALS.matcher(text).find();
  }

  /** {@code text} with the credentials of its URLs replaced by {@code (not shown)}. */
  public static String withoutUrlCredentials(String text) {
    return URL_CREDENTIALS.matcher(text).replaceAll("$1(not shown)@");
  }

  /**
   * The error parameter {@code key}'s {@code text} with URL credentials replaced by {@code (not
   * shown)}, and, where it quotes the value given to an option ({@code value}, {@code problem}),
   * the secrets too. Errors that name the brokers a read connects to still name them when a secret
   * holds the address: that is what a user fixes, and a secret address is how a table is pointed
   * elsewhere.
   */
  public static String apply(String key, String text) {
    if (text == null) {
      return null;
    }
    String out = withoutUrlCredentials(text);
    if (!key.equals("value") && !key.equals("problem")) {
      return out;
    }
    for (String secret : SECRETS.get()) {
      if (out.contains(secret)) {
        out = out.replace(secret, "(not shown)");
      }
    }
    return out;
  }
}
