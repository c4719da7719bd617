package org.arcodec.internal.coder;

import org.arcodec.model.QuantizedCdf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded property tests of {@link RangeEncoder} and {@link RangeDecoder}: random tables and
 * symbols round-trip, every stream is byte-identical to {@link #referenceEncode}, the same
 * arithmetic on an unbounded integer (no window, cache or carry), and damaged input decodes to
 * some symbols without an exception or a hang.
 */
class RangeCoderTest {
    /** Streams up to this many symbols are also checked byte for byte against the reference. */
    private static final int REFERENCE_LIMIT = 5_000;

    /** A cumulative frequency table over {@code 2^precisionBits}, as a model hands it to the coder. */
    static final class Table {
        final int precisionBits;
        final int[] cumulative;

        private Table(int precisionBits, int[] cumulative) {
            this.precisionBits = precisionBits;
            this.cumulative = cumulative;
            assertEquals(0, cumulative[0]);
            assertEquals(1 << precisionBits, cumulative[size()], "table total");
            for (int s = 0; s < size(); s++) {
                assertTrue(frequency(s) >= 1, "symbol " + s + " has no frequency");
            }
        }

        static Table ofFrequencies(int precisionBits, int[] frequencies) {
            int[] cum = new int[frequencies.length + 1];
            for (int s = 0; s < frequencies.length; s++) {
                cum[s + 1] = cum[s] + frequencies[s];
            }
            return new Table(precisionBits, cum);
        }

        static Table of(QuantizedCdf cdf) {
            int[] cum = new int[cdf.alphabetSize() + 1];
            for (int s = 0; s <= cdf.alphabetSize(); s++) {
                cum[s] = cdf.cumulative(s);
            }
            return new Table(QuantizedCdf.PRECISION_BITS, cum);
        }

        int size() {
            return cumulative.length - 1;
        }

        int frequency(int symbol) {
            return cumulative[symbol + 1] - cumulative[symbol];
        }

        int symbolFor(int target) {
            int s = Arrays.binarySearch(cumulative, target);
            return s >= 0 ? s : -s - 2;
        }

        int draw(SplittableRandom random) {
            return symbolFor(random.nextInt(1 << precisionBits));
        }

        double bits(int symbol) {
            return precisionBits - Math.log(frequency(symbol)) / Math.log(2);
        }
    }

    /** Symbols and, for each, the table it is coded with. */
    record Script(int precisionBits, Table[] tables, int[] tableOf, int[] symbols) {
        Script {
            for (Table table : tables) {
                assertEquals(precisionBits, table.precisionBits, "one coder, one precision");
            }
        }

        static Script drawn(SplittableRandom random, Table[] tables, int length) {
            int[] tableOf = new int[length];
            int[] symbols = new int[length];
            for (int i = 0; i < length; i++) {
                tableOf[i] = random.nextInt(tables.length);
                symbols[i] = tables[tableOf[i]].draw(random);
            }
            return new Script(tables[0].precisionBits, tables, tableOf, symbols);
        }

        static Script repeated(Table table, int[] symbols) {
            return new Script(table.precisionBits, new Table[] {table}, new int[symbols.length], symbols);
        }

        Table table(int i) {
            return tables[tableOf[i]];
        }

        double idealBits() {
            double bits = 0;
            for (int i = 0; i < symbols.length; i++) {
                bits += table(i).bits(symbols[i]);
            }
            return bits;
        }
    }

    static byte[] encode(Script script) {
        RangeEncoder encoder = new RangeEncoder(script.precisionBits(), 16);
        for (int i = 0; i < script.symbols().length; i++) {
            Table table = script.table(i);
            int s = script.symbols()[i];
            encoder.encode(table.cumulative[s], table.frequency(s));
        }
        return encoder.finish();
    }

    /** Decodes as many symbols as the script has, from {@code in[offset, offset + length)}. */
    static int[] decode(Script script, byte[] in, int offset, int length) {
        RangeDecoder decoder = new RangeDecoder(script.precisionBits(), in, offset, length);
        int[] symbols = new int[script.symbols().length];
        int top = (1 << script.precisionBits()) - 1;
        for (int i = 0; i < symbols.length; i++) {
            Table table = script.table(i);
            int target = decoder.target();
            if (target < 0 || target > top) {
                fail("target " + target + " outside [0, " + top + "] at symbol " + i);
            }
            int s = table.symbolFor(target);
            decoder.consume(table.cumulative[s], table.frequency(s));
            symbols[i] = s;
        }
        return symbols;
    }

    /** Encodes, decodes and compares; returns the stream. */
    static byte[] assertRoundTrip(Script script, String what) {
        byte[] stream = encode(script);
        if (stream.length > 0) {
            assertTrue(stream[stream.length - 1] != 0, what + ": trailing zero bytes must be dropped");
        }
        int[] decoded = decode(script, stream, 0, stream.length);
        assertSameSymbols(script.symbols(), decoded, what);
        if (script.symbols().length <= REFERENCE_LIMIT) {
            assertArrayEquals(referenceEncode(script), stream, what + ": bytes differ from the reference coder");
        }
        return stream;
    }

    static void assertSameSymbols(int[] expected, int[] actual, String what) {
        int mismatch = Arrays.mismatch(expected, actual);
        if (mismatch >= 0) {
            fail(what + ": symbol " + mismatch + " of " + expected.length + " decoded as " + actual[mismatch]
                    + ", expected " + expected[mismatch]);
        }
    }

    /**
     * RangeEncoder's arithmetic on an unbounded integer {@code low}: bytes are never shifted out,
     * so a carry simply adds, and the stream is {@code low} written in full at the end.
     */
    static byte[] referenceEncode(Script script) {
        int p = script.precisionBits();
        BigInteger low = BigInteger.ZERO;
        long range = RangeEncoder.WINDOW_MASK;
        int shifts = 0;
        for (int i = 0; i < script.symbols().length; i++) {
            Table table = script.table(i);
            int s = script.symbols()[i];
            int cumLow = table.cumulative[s];
            long r = range >>> p;
            low = low.add(BigInteger.valueOf(r * cumLow));
            range = s == table.size() - 1 ? range - r * cumLow : r * table.frequency(s);
            while (range < RangeEncoder.MIN_RANGE) {
                range <<= 8;
                low = low.shiftLeft(8);
                shifts++;
            }
        }
        for (int shift = RangeEncoder.WINDOW_BITS; shift >= 0; shift -= 8) {
            BigInteger unit = BigInteger.ONE.shiftLeft(shift);
            BigInteger candidate = low.add(unit).subtract(BigInteger.ONE).shiftRight(shift).shiftLeft(shift);
            if (candidate.subtract(low).compareTo(BigInteger.valueOf(range)) < 0) {
                low = candidate;
                break;
            }
        }
        int length = shifts + RangeEncoder.WINDOW_BITS / 8;
        assertTrue(low.bitLength() <= 8 * length, "the coded number left [0, 1)");
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = low.shiftRight(8 * (length - 1 - i)).byteValue();
        }
        int end = length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }

    // ---- table generators ----

    /** Log-uniform in [min, max]. */
    static int logUniform(SplittableRandom random, int min, int max) {
        double x = Math.log(min) + random.nextDouble() * (Math.log(max + 1.0) - Math.log(min));
        return Math.min(max, (int) Math.exp(x));
    }

    /** Random weights of a random style: flat, peaked, sparse with zeros, or one spike. */
    static double[] randomWeights(SplittableRandom random, int n) {
        double[] w = new double[n];
        int style = random.nextInt(4);
        double sharpness = 1 + random.nextDouble() * 60;
        int spike = random.nextInt(n);
        for (int s = 0; s < n; s++) {
            w[s] = switch (style) {
                case 0 -> random.nextDouble();
                case 1 -> Math.exp(-sharpness * random.nextDouble());
                case 2 -> random.nextInt(3) == 0 ? random.nextDouble() : 0;
                default -> s == spike ? 1 : 1e-9 * random.nextDouble();
            };
        }
        w[spike] += 1e-3; // never all zero
        return w;
    }

    static Table quantized(SplittableRandom random, int n) {
        QuantizedCdf cdf = new QuantizedCdf();
        if (random.nextBoolean()) {
            cdf.setFromProbabilities(randomWeights(random, n), n);
        } else {
            int[] counts = new int[n];
            int limit = 1 + random.nextInt(random.nextBoolean() ? 10 : Integer.MAX_VALUE);
            for (int s = 0; s < n; s++) {
                counts[s] = random.nextInt(limit);
            }
            counts[random.nextInt(n)] = limit;
            cdf.setFromCounts(counts, n);
        }
        return Table.of(cdf);
    }

    /**
     * A table built directly, not through QuantizedCdf: every symbol starts at one and the
     * rest of the total is shared by random weights, the rounding remainder going to a random
     * symbol (the first, the last, or one in between).
     */
    static Table handBuilt(SplittableRandom random, int precisionBits, int n) {
        return handBuilt(random, precisionBits, n, randomWeights(random, n));
    }

    /** A hand-built table with weights between 0.1 and 1.1: every symbol carries some bits. */
    static Table flat(SplittableRandom random, int precisionBits, int n) {
        double[] w = new double[n];
        Arrays.setAll(w, s -> 0.1 + random.nextDouble());
        return handBuilt(random, precisionBits, n, w);
    }

    static Table handBuilt(SplittableRandom random, int precisionBits, int n, double[] w) {
        long total = 1L << precisionBits;
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        int[] freq = new int[n];
        long assigned = 0;
        for (int s = 0; s < n; s++) {
            freq[s] = 1 + (int) Math.min(total - n, (long) (w[s] / sum * (total - n)));
            assigned += freq[s];
        }
        // Overshoot by rounding is at most a few units; take it from the largest.
        int receiver = random.nextInt(n);
        while (assigned > total) {
            int largest = 0;
            for (int s = 1; s < n; s++) {
                largest = freq[s] > freq[largest] ? s : largest;
            }
            freq[largest]--;
            assigned--;
        }
        freq[receiver] += (int) (total - assigned);
        return Table.ofFrequencies(precisionBits, freq);
    }

    /** One symbol at {@code big} holds {@code total - (n - 1)}, every other symbol holds 1. */
    static Table skewed(int precisionBits, int n, int big) {
        int[] freq = new int[n];
        Arrays.fill(freq, 1);
        freq[big] = (1 << precisionBits) - (n - 1);
        return Table.ofFrequencies(precisionBits, freq);
    }

    static Table uniform(int precisionBits, int n) {
        int[] freq = new int[n];
        Arrays.fill(freq, (1 << precisionBits) / n);
        freq[n - 1] += (1 << precisionBits) % n;
        return Table.ofFrequencies(precisionBits, freq);
    }

    // ---- round trips ----

    @Test
    void quantizedDistributionsRoundTrip() {
        SplittableRandom random = new SplittableRandom(20240611);
        for (int trial = 0; trial < 150; trial++) {
            int n = logUniform(random, 2, QuantizedCdf.MAX_ALPHABET);
            Table[] tables = new Table[1 + random.nextInt(4)];
            for (int t = 0; t < tables.length; t++) {
                tables[t] = quantized(random, random.nextInt(3) == 0 ? logUniform(random, 2, n) : n);
            }
            int length = random.nextInt(n > 4096 ? 1_500 : 4_000);
            assertRoundTrip(Script.drawn(random, tables, length), "trial " + trial + ", n=" + n);
        }
    }

    @Test
    void handBuiltTablesRoundTripAtEveryPrecision() {
        SplittableRandom random = new SplittableRandom(77);
        for (int p = 1; p <= RangeEncoder.MAX_PRECISION_BITS; p++) {
            for (int trial = 0; trial < 12; trial++) {
                int maxN = Math.min(1 << p, QuantizedCdf.MAX_ALPHABET);
                Table[] tables = new Table[1 + random.nextInt(3)];
                for (int t = 0; t < tables.length; t++) {
                    int n = logUniform(random, 2, maxN);
                    tables[t] = switch (random.nextInt(4)) {
                        case 0 -> uniform(p, n);
                        case 1 -> skewed(p, n, random.nextInt(n));
                        default -> handBuilt(random, p, n);
                    };
                }
                int length = random.nextInt(maxN > 4096 ? 1_500 : 4_000);
                assertRoundTrip(Script.drawn(random, tables, length), "precision " + p + ", trial " + trial);
            }
        }
    }

    @Test
    void longStreamsRoundTrip() {
        SplittableRandom random = new SplittableRandom(5);
        Table[] tables = {quantized(random, 256), handBuilt(random, 24, 256), skewed(24, 256, 17), uniform(24, 256)};
        assertRoundTrip(Script.drawn(random, tables, 300_000), "300k symbols over 256-symbol tables");
        Table[] binary = {uniform(12, 2), skewed(12, 2, 0), skewed(12, 2, 1), handBuilt(random, 12, 2)};
        assertRoundTrip(Script.drawn(random, binary, 300_000), "300k binary symbols");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 255, 256, 257, 4096, 65535, 65536})
    void alphabetSizesFromTwoTo65536RoundTrip(int n) {
        SplittableRandom random = new SplittableRandom(n);
        int fullPrecision = 32 - Integer.numberOfLeadingZeros(n - 1); // smallest p with 2^p >= n
        Table[] tables = {quantized(random, n), handBuilt(random, 24, n), uniform(fullPrecision, n)};
        for (Table table : tables) {
            int[] everySymbol = new int[n];
            Arrays.setAll(everySymbol, s -> s);
            assertRoundTrip(Script.repeated(table, everySymbol), "every symbol once, n=" + n);
        }
        assertRoundTrip(Script.drawn(random, new Table[] {tables[0], tables[1]}, 3_000), "random, n=" + n);
        int[] tight = new int[3_000];
        Arrays.setAll(tight, i -> random.nextInt(n));
        assertRoundTrip(Script.repeated(tables[2], tight), "precision just covering n=" + n);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 256, 65536})
    void extremeSkewRoundTripsAtTheExpectedSize(int n) {
        SplittableRandom random = new SplittableRandom(31L * n);
        int minPrecision = Math.max(1, 33 - Integer.numberOfLeadingZeros(n - 1)); // room for a skew
        for (int p : new int[] {minPrecision, 24}) {
            for (int big : new int[] {0, n / 2, n - 1}) {
                Table table = skewed(p, n, big);
                String what = "n=" + n + ", precision " + p + ", probable symbol " + big;
                int[] improbable = new int[2_000];
                Arrays.setAll(improbable, i -> {
                    int s = random.nextInt(n - 1);
                    return s >= big ? s + 1 : s;
                });
                int[] probable = new int[200_000];
                Arrays.fill(probable, big);
                int[] mixed = new int[20_000];
                Arrays.setAll(mixed, i -> table.draw(random));
                for (int[] symbols : new int[][] {improbable, probable, mixed}) {
                    Script script = Script.repeated(table, symbols);
                    byte[] stream = assertRoundTrip(script, what);
                    double idealBytes = script.idealBits() / 8;
                    assertTrue(stream.length <= idealBytes * (1 + 1e-6) + 2,
                            what + ": " + stream.length + " bytes for an ideal " + idealBytes);
                }
            }
        }
    }

    @Test
    void emptyStreamIsEmpty() {
        for (int p = 1; p <= RangeEncoder.MAX_PRECISION_BITS; p++) {
            byte[] stream = new RangeEncoder(p, 0).finish();
            assertEquals(0, stream.length, "precision " + p + ": no symbols need no bytes");
            RangeDecoder decoder = new RangeDecoder(p, stream, 0, 0);
            assertEquals(0, decoder.target(), "an empty stream spells zero");
        }
    }

    @Test
    void singleSymbolRoundTrips() {
        SplittableRandom random = new SplittableRandom(1);
        for (int p = 1; p <= RangeEncoder.MAX_PRECISION_BITS; p++) {
            int n = Math.min(1 << p, 1 + random.nextInt(300));
            Table[] tables = {uniform(p, Math.max(2, n)), handBuilt(random, p, Math.max(2, n)), skewed(p, 2, 1)};
            for (Table table : tables) {
                for (int s : new int[] {0, table.size() - 1, random.nextInt(table.size())}) {
                    Script script = Script.repeated(table, new int[] {s});
                    byte[] stream = assertRoundTrip(script, "precision " + p + ", symbol " + s);
                    assertTrue(stream.length <= Math.ceil(script.idealBits() / 8) + 1,
                            stream.length + " bytes for " + script.idealBits() + " bits");
                }
            }
        }
    }

    /**
     * Drives the interval onto a byte boundary: decoding {@code 80 00 00 ... 00 xx} picks symbols
     * whose intervals all contain that number, so while coding them the encoder's low reads
     * {@code 7F FF FF ...} (a cached byte and a growing run of pending 0xFF) until it finally
     * passes {@code 80 00 00 ...}, and the carry must turn the whole run into zeros. The
     * mirror image {@code 7F FF ... FF xx} keeps the run of 0xFF without a carry.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8, 16, 23, 24})
    void carriesRunThroughLongRunsOfPendingFF(int p) {
        SplittableRandom random = new SplittableRandom(1000 + p);
        int run = 40;
        for (int head : new int[] {0x80, 0x7F}) {
            for (int trial = 0; trial < 4; trial++) {
                byte[] target = new byte[1 + run + 16];
                target[0] = (byte) head;
                Arrays.fill(target, 1, 1 + run, (byte) (head == 0x80 ? 0x00 : 0xFF));
                for (int i = 1 + run; i < target.length; i++) {
                    target[i] = (byte) (0x10 + random.nextInt(0xE0)); // keeps clear of the next boundary
                }
                Table[] tables = new Table[1 + random.nextInt(3)];
                for (int t = 0; t < tables.length; t++) {
                    tables[t] = flat(random, p, Math.min(1 << p, 2 + random.nextInt(20)));
                }
                Script script = symbolsSpelling(target, tables, random);
                String what = String.format("precision %d, %02X then %d x %02X", p, head, run, target[1] & 0xFF);
                byte[] stream = assertRoundTrip(script, what);
                assertTrue(stream.length > run + 2, what + ": stream too short: " + stream.length);
                assertArrayEquals(Arrays.copyOf(target, run + 2), Arrays.copyOf(stream, run + 2),
                        what + ": the stream must spell the number all the symbols' intervals contain");
            }
        }
    }

    /** The symbols whose nested intervals contain the number {@code target} spells (and some more). */
    private static Script symbolsSpelling(byte[] target, Table[] tables, SplittableRandom random) {
        RangeDecoder decoder = new RangeDecoder(tables[0].precisionBits, target, 0, target.length);
        int[] tableOf = new int[1 << 16];
        int[] symbols = new int[tableOf.length];
        int count = 0;
        while (decoder.bytesRead() < target.length + 8) {
            if (count == symbols.length) {
                tableOf = Arrays.copyOf(tableOf, 2 * count);
                symbols = Arrays.copyOf(symbols, 2 * count);
            }
            int t = random.nextInt(tables.length);
            Table table = tables[t];
            int s = table.symbolFor(decoder.target());
            decoder.consume(table.cumulative[s], table.frequency(s));
            tableOf[count] = t;
            symbols[count++] = s;
        }
        return new Script(tables[0].precisionBits, tables, Arrays.copyOf(tableOf, count), Arrays.copyOf(symbols, count));
    }

    @Test
    void streamsDecodeInsideALargerBuffer() {
        SplittableRandom random = new SplittableRandom(8);
        for (int trial = 0; trial < 50; trial++) {
            Table[] tables = {quantized(random, 2 + random.nextInt(300))};
            Script script = Script.drawn(random, tables, random.nextInt(500));
            byte[] stream = encode(script);
            int offset = random.nextInt(20);
            byte[] buffer = new byte[offset + stream.length + 20];
            random.nextBytes(buffer);
            System.arraycopy(stream, 0, buffer, offset, stream.length);
            assertSameSymbols(script.symbols(), decode(script, buffer, offset, stream.length),
                    "bytes around the stream must not be read, trial " + trial);
        }
    }

    @Test
    void bytesReadCountsTheReadAheadAndTheZerosPastTheEnd() {
        SplittableRandom random = new SplittableRandom(9);
        Script script = Script.drawn(random, new Table[] {quantized(random, 256)}, 1_000);
        byte[] stream = encode(script);
        byte[] shifted = new byte[stream.length + 11];
        System.arraycopy(stream, 0, shifted, 11, stream.length);
        RangeDecoder atZero = new RangeDecoder(24, stream, 0, stream.length);
        RangeDecoder atEleven = new RangeDecoder(24, shifted, 11, stream.length);
        assertEquals(RangeEncoder.WINDOW_BITS / 8, atZero.bytesRead(), "the window is read ahead");
        assertEquals(atZero.bytesRead(), atEleven.bytesRead(), "the offset is not counted");
        RangeDecoder empty = new RangeDecoder(24, new byte[0], 0, 0);
        Table bytes = uniform(24, 256);
        for (int i = 0; i < 1_000; i++) {
            int s = bytes.symbolFor(empty.target());
            empty.consume(bytes.cumulative[s], bytes.frequency(s));
        }
        assertEquals(7 + 1_000, empty.bytesRead(), "1000 byte-sized symbols read as zeros past the end");
        Table table = script.tables()[0];
        for (int i = 0; i < script.symbols().length; i++) {
            int s = script.symbols()[i];
            atZero.target();
            atZero.consume(table.cumulative[s], table.frequency(s));
        }
        assertTrue(atZero.bytesRead() >= stream.length,
                atZero.bytesRead() + " bytes read to decode a " + stream.length + "-byte stream");
    }

    // ---- damaged input ----

    @Test
    void garbageDecodesWithoutExceptionOrHang() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            SplittableRandom random = new SplittableRandom(404);
            for (int trial = 0; trial < 300; trial++) {
                int p = 1 + random.nextInt(RangeEncoder.MAX_PRECISION_BITS);
                int n = logUniform(random, 2, Math.min(1 << p, 4096));
                Table[] tables = {handBuilt(random, p, n), skewed(p, n, random.nextInt(n)), uniform(p, n)};
                byte[] garbage = new byte[random.nextInt(200)];
                switch (trial % 3) {
                    case 0 -> random.nextBytes(garbage);
                    case 1 -> Arrays.fill(garbage, (byte) 0xFF);
                    default -> Arrays.fill(garbage, (byte) 0);
                }
                Script script = Script.drawn(random, tables, 5_000);
                decode(script, garbage, 0, garbage.length); // fails on a target out of range
            }
        });
    }

    /**
     * A truncated stream spells a smaller number c with more trailing zero bytes. If c were still
     * inside the final interval, the encoder would have picked a number at least as round and
     * written at most as many bytes; so c lies outside it, and some symbol must decode differently.
     */
    @Test
    void everyTruncationDecodesDifferentlyWithoutExceptionOrHang() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            SplittableRandom random = new SplittableRandom(405);
            for (int trial = 0; trial < 30; trial++) {
                int p = 1 + random.nextInt(RangeEncoder.MAX_PRECISION_BITS);
                int n = logUniform(random, 2, Math.min(1 << p, 1024));
                Table[] tables = {handBuilt(random, p, n), p == QuantizedCdf.PRECISION_BITS
                        ? quantized(random, 2 + random.nextInt(100)) : skewed(p, 2, random.nextInt(2))};
                Script script = Script.drawn(random, tables, 1 + random.nextInt(400));
                byte[] stream = encode(script);
                for (int length = 0; length < stream.length; length++) {
                    int[] decoded = decode(script, Arrays.copyOf(stream, length), 0, length);
                    assertTrue(Arrays.mismatch(script.symbols(), decoded) >= 0, "trial " + trial
                            + ": the stream cut to " + length + " of " + stream.length + " bytes still decoded exactly");
                }
            }
        });
    }

    @Test
    void flippedBitsDecodeWithoutExceptionOrHang() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            SplittableRandom random = new SplittableRandom(406);
            Table[] tables = {quantized(random, 256), quantized(random, 3)};
            Script script = Script.drawn(random, tables, 300);
            byte[] stream = encode(script);
            for (int bit = 0; bit < 8 * stream.length; bit++) {
                byte[] damaged = stream.clone();
                damaged[bit / 8] ^= (byte) (1 << (bit % 8));
                decode(script, damaged, 0, damaged.length);
            }
        });
    }

    // ---- contract ----

    @Test
    void precisionOutside1To24IsRejected() {
        for (int p : new int[] {-1, 0, 25, 32}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RangeEncoder(p, 16));
            assertTrue(e.getMessage().contains(Integer.toString(p)), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new RangeDecoder(p, new byte[0], 0, 0));
        }
    }

    @Test
    void finishingTwiceIsRejected() {
        RangeEncoder encoder = new RangeEncoder(8, 16);
        encoder.encode(0, 200);
        encoder.finish();
        assertThrows(IllegalStateException.class, encoder::finish);
    }
}
