package io.github.sparkkafkasql.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits the head of a statement into tokens, keeping each token's position so that clauses handed
 * to Spark's parser (types, expressions, the query) are cut from the original text.
 */
final class Lexer {

  enum Kind {
    WORD,
    QUOTED_IDENTIFIER,
    STRING,
    NUMBER,
    SYMBOL,
    END
  }

  /** One token: its kind, its text (unquoted for strings and identifiers), and its span. */
  record Token(Kind kind, String text, int start, int end) {
    boolean is(String keyword) {
      return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    boolean isSymbol(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    String upper() {
      return text.toUpperCase(Locale.ROOT);
    }
  }

  private Lexer() {}

  static List<Token> tokenize(String sql) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c == '\'' || c == '"' || c == '`') {
        int start = i;
        StringBuilder text = new StringBuilder();
        i++;
        while (i < n) {
          char d = sql.charAt(i);
          if (d == '\\' && c != '`' && i + 1 < n) {
            text.append(unescape(sql.charAt(i + 1)));
            i += 2;
          } else if (d == c && i + 1 < n && sql.charAt(i + 1) == c) {
            text.append(c);
            i += 2;
          } else if (d == c) {
            i++;
            break;
          } else {
            text.append(d);
            i++;
          }
        }
        Kind kind = c == '`' ? Kind.QUOTED_IDENTIFIER : Kind.STRING;
        tokens.add(new Token(kind, text.toString(), start, i));
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
          i++;
        }
        tokens.add(new Token(Kind.WORD, sql.substring(start, i), start, i));
      } else if (Character.isDigit(c)) {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        tokens.add(new Token(Kind.NUMBER, sql.substring(start, i), start, i));
      } else {
        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i, i + 1));
        i++;
      }
    }
    tokens.add(new Token(Kind.END, "end of input", n, n));
    return tokens;
  }

  private static char unescape(char c) {
    return switch (c) {
      case 'n' -> '\n';
      case 't' -> '\t';
      case 'r' -> '\r';
      case '0' -> '\0';
      default -> c;
    };
  }
}
