package org.arcodec.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CliJsonLineTest {
    @Test
    void membersInOrderOnOneLine() {
        String line = new JsonLine().add("input", "a.png").add("width", 96).add("bpd", 2.5).toString();
        assertEquals("{\"input\":\"a.png\",\"width\":96,\"bpd\":2.5}", line);
    }

    @Test
    void emptyObject() {
        assertEquals("{}", new JsonLine().toString());
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String line = new JsonLine().add("k", "a\"b\\c\nd\te\r\u0001\u001f\b\f").toString();
        assertEquals("{\"k\":\"a\\\"b\\\\c\\nd\\te\\r\\u0001\\u001f\\b\\f\"}", line);
    }

    @Test
    void awkwardStringsReadBackExactly() {
        List<String> texts = List.of("", "plain", "C:\\images\\photo.png", "say \"hi\"", "tab\there",
                "line\nbreak", "\u0000\u0007\u007f", "ünïcødé 画像 \uD83D\uDCF7", "/", "\u2028\u2029");
        for (String text : texts) {
            Map<String, Object> parsed = CliJson.parseObject(new JsonLine().add(text, text).toString());
            assertEquals(Map.of(text, text), parsed, text);
        }
    }

    @Test
    void numbersReadBackExactly() {
        double[] values = {0, 1, -1, 0.1, 1e-5, 123456.789, 8.0 * 5123 / (96 * 64 * 3), Double.MIN_VALUE, 1e300};
        for (double value : values) {
            Map<String, Object> parsed = CliJson.parseObject(new JsonLine().add("x", value).toString());
            assertEquals(value, (Double) parsed.get("x"), 0.0, () -> "value " + value);
        }
        assertEquals((double) Long.MAX_VALUE,
                CliJson.parseObject(new JsonLine().add("n", Long.MAX_VALUE).toString()).get("n"));
    }

    @Test
    void nonFiniteNumbersAndNullStringsAreNull() {
        Map<String, Object> parsed = CliJson.parseObject(new JsonLine().add("nan", Double.NaN)
                .add("inf", Double.POSITIVE_INFINITY).add("s", (String) null).toString());
        assertEquals(3, parsed.size());
        assertNull(parsed.get("nan"));
        assertNull(parsed.get("inf"));
        assertNull(parsed.get("s"));
    }
}
