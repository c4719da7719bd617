package org.arcodec.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one flat JSON object (string, number, true, false and null members) strictly, so that
 * the tests check that {@code --json} lines are valid JSON without a JSON library.
 */
final class CliJson {
    private final String text;
    private int position;

    private CliJson(String text) {
        this.text = text;
    }

    /** Members in order; numbers as Double, the rest as String, Boolean or null. */
    static Map<String, Object> parseObject(String text) {
        CliJson json = new CliJson(text);
        Map<String, Object> members = json.object();
        json.skipSpace();
        if (json.position != text.length()) {
            throw json.error("text after the object");
        }
        return members;
    }

    private Map<String, Object> object() {
        Map<String, Object> members = new LinkedHashMap<>();
        expect('{');
        skipSpace();
        if (peek() == '}') {
            position++;
            return members;
        }
        do {
            skipSpace();
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (members.put(key, value()) != null) {
                throw error("duplicate key " + key);
            }
            skipSpace();
        } while (next() == ',');
        position--;
        expect('}');
        return members;
    }

    private Object value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        for (String literal : new String[] {"true", "false", "null"}) {
            if (text.startsWith(literal, position)) {
                position += literal.length();
                return literal.equals("null") ? null : Boolean.valueOf(literal);
            }
        }
        int start = position;
        while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
        String number = text.substring(start, position);
        if (!number.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            throw error("invalid number '" + number + "'");
        }
        return Double.valueOf(number);
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("unescaped control character");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escape = next();
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                    position += 4;
                }
                default -> throw error("invalid escape \\" + escape);
            }
        }
    }

    private void skipSpace() {
        while (position < text.length() && " \t\r\n".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
    }

    private char peek() {
        if (position >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(position);
    }

    private char next() {
        char c = peek();
        position++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " at " + position + " in " + text);
    }
}
