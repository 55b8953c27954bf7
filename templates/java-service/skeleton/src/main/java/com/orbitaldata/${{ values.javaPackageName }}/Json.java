package com.orbitaldata.${{ values.javaPackageName }};

/** Just enough JSON for flat objects of strings, so the service needs no library. */
final class Json {
  private Json() {}

  /** A JSON object from alternating keys and values: {@code object("a", "1", "b", "2")}. */
  static String object(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must come in pairs");
    }
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (i > 0) {
        out.append(',');
      }
      out.append(quote(keysAndValues[i])).append(':').append(quote(keysAndValues[i + 1]));
    }
    return out.append('}').toString();
  }

  /** A JSON string literal; quotes, backslashes and control characters are escaped. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
