package io.github.sparkkafkasql.parser;

import io.github.sparkkafkasql.errors.SqlErrors;
import io.github.sparkkafkasql.parser.Lexer.Kind;
import io.github.sparkkafkasql.parser.Lexer.Token;
import java.util.ArrayList;
import java.util.List;

/** A cursor over tokens with the small vocabulary the statement parser needs. */
final class TokenStream {

  private final String sql;
  private final List<Token> tokens;
  private int pos;

  TokenStream(String sql, List<Token> tokens) {
    this.sql = sql;
    this.tokens = tokens;
  }

  Token peek() {
    return tokens.get(pos);
  }

  /** The token {@code ahead} places after the next one (0: the next one). */
  Token peek(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  /** Where the last consumed token ends. */
  int previousEnd() {
    return pos == 0 ? 0 : tokens.get(pos - 1).end();
  }

  Token next() {
    Token t = tokens.get(pos);
    if (t.kind() != Kind.END) {
      pos++;
    }
    return t;
  }

  boolean accept(String keyword) {
    if (peek().is(keyword)) {
      pos++;
      return true;
    }
    return false;
  }

  boolean acceptSymbol(String symbol) {
    if (peek().isSymbol(symbol)) {
      pos++;
      return true;
    }
    return false;
  }

  void expect(String keyword) {
    if (!accept(keyword)) {
      throw error("expected " + keyword);
    }
  }

  void expectSymbol(String symbol) {
    if (!acceptSymbol(symbol)) {
      throw error("expected '" + symbol + "'");
    }
  }

  void expectEnd() {
    if (peek().kind() != Kind.END) {
      throw error("expected the end of the statement");
    }
  }

  String identifier() {
    Token t = next();
    if (t.kind() != Kind.WORD && t.kind() != Kind.QUOTED_IDENTIFIER) {
      pos--;
      throw error("expected a name");
    }
    return t.text();
  }

  List<String> qualifiedName() {
    List<String> parts = new ArrayList<>();
    parts.add(identifier());
    while (acceptSymbol(".")) {
      parts.add(identifier());
    }
    return parts;
  }

  String string() {
    Token t = next();
    if (t.kind() != Kind.STRING) {
      pos--;
      throw error("expected a quoted string");
    }
    return t.text();
  }

  /** A whole number; one too large for a long reads as Long.MAX_VALUE (out of any range). */
  long wholeNumber(String expected) {
    Token t = next();
    if (t.kind() != Kind.NUMBER || !t.text().matches("[0-9]+")) {
      pos--;
      throw error(expected);
    }
    return t.text().length() > 18 ? Long.MAX_VALUE : Long.parseLong(t.text());
  }

  /** The text between a '(' and its matching ')', exclusive. */
  String balancedText() {
    Token open = peek();
    expectSymbol("(");
    int depth = 1;
    while (true) {
      Token t = next();
      if (t.kind() == Kind.END) {
        throw error("unclosed '('");
      }
      if (t.isSymbol("(")) {
        depth++;
      } else if (t.isSymbol(")") && --depth == 0) {
        return sql.substring(open.end(), t.start()).trim();
      }
    }
  }

  RuntimeException error(String expected) {
    Token t = peek();
    String found = t.kind() == Kind.END ? "end of input" : "'" + t.text() + "'";
    return SqlErrors.syntaxError(sql, t.start(), found, expected);
  }
}
