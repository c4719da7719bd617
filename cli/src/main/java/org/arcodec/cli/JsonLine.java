package org.arcodec.cli;

import java.util.Locale;

/**
 * One JSON object on one line, members in the order added: just what {@code --json} prints,
 * strings, integers and finite numbers. A non-finite number, which JSON cannot hold, is
 * written as null, as is a null string.
 */
final class JsonLine {
    private final StringBuilder json = new StringBuilder("{");

    JsonLine add(String key, String value) {
        if (value == null) {
            return raw(key, "null");
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2);
        quote(quoted, value);
        return raw(key, quoted);
    }

    JsonLine add(String key, long value) {
        return raw(key, Long.toString(value));
    }

    /** Double.toString's shortest form that reads back exactly; its "1.0E-5" style is valid JSON. */
    JsonLine add(String key, double value) {
        return raw(key, Double.isFinite(value) ? Double.toString(value) : "null");
    }

    private JsonLine raw(String key, CharSequence value) {
        if (json.length() > 1) {
            json.append(',');
        }
        quote(json, key);
        json.append(':').append(value);
        return this;
    }

    @Override
    public String toString() {
        return json + "}";
    }

    /**
     * Appends {@code text} as a JSON string: quote, backslash and control characters escaped
     * (RFC 8259 section 7); everything else, non-ASCII included, as it is.
     */
    static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
