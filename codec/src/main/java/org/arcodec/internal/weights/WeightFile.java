package org.arcodec.internal.weights;

import org.arcodec.ArcodecException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A model weight file ({@code .arcm}, docs/WEIGHTS.md): sorted {@code key=value} meta lines and
 * named float32 / int32 tensors, closed by the SHA-256 of everything before it.
 *
 * <p>{@link #read} checks magic, version and digest before it trusts any length, then checks
 * every length against the bytes that remain before allocating anything, so a damaged or hostile
 * file fails with an {@link ArcodecException} naming the file, the byte offset and the problem.
 * Tensor values are decoded on request ({@link #floats}, {@link #ints}), each call into a fresh
 * array, so a model can keep the arrays without sharing them. Instances are immutable.
 *
 * <pre>{@code
 * byte[] bytes = WeightFile.builder()
 *         .meta("arch", "made").meta("name", "made-fmnist")
 *         .ints("order", new int[] {784}, order)
 *         .floats("W1", new int[] {500, 784}, w1)
 *         .toBytes();
 * WeightFile file = WeightFile.read(bytes, "made-fmnist.arcm");
 * float[] w = file.floats("W1", 500, 784);
 * }</pre>
 */
public final class WeightFile {
    /** File name suffix of weight files. */
    public static final String SUFFIX = ".arcm";
    /** The only version this reader knows. */
    public static final int VERSION = 1;
    static final byte[] MAGIC = {'A', 'R', 'C', 'M'};
    static final int DIGEST_BYTES = 32;
    static final byte DTYPE_FLOAT32 = 0;
    static final byte DTYPE_INT32 = 1;
    /** Longest tensor name in UTF-8 bytes: the length field has 2 bytes. */
    static final int MAX_NAME_BYTES = 0xFFFF;
    /** Most dimensions per tensor: the rank field has 1 byte. */
    static final int MAX_RANK = 0xFF;
    /** Largest meta {@link #readMeta} accepts; meta is a few short lines. */
    static final int MAX_META_BYTES = 1 << 20;

    /** One tensor: where its values start in {@link #bytes}. */
    private record Tensor(byte dtype, int[] dims, int count, int valuesOffset) {
    }

    private final String source;
    private final byte[] bytes;
    private final SortedMap<String, String> meta;
    private final Map<String, Tensor> tensors;
    private final byte[] sha256;

    private WeightFile(String source, byte[] bytes, SortedMap<String, String> meta, Map<String, Tensor> tensors,
                       byte[] sha256) {
        this.source = source;
        this.bytes = bytes;
        this.meta = meta;
        this.tensors = tensors;
        this.sha256 = sha256;
    }

    // ---------------------------------------------------------------------------------------
    // Reading

    /**
     * Parses a whole weight file. The array is kept (tensor values are decoded from it on
     * request); the caller must not change it afterwards.
     *
     * @param source what to call the file in error messages, such as its path
     * @throws ArcodecException when the bytes are not a valid version 1 weight file
     */
    public static WeightFile read(byte[] bytes, String source) {
        return new Parser(bytes, source, bytes.length - DIGEST_BYTES).parse();
    }

    /** Reads a weight file from a stream to its end (the stream is not closed). */
    public static WeightFile read(InputStream in, String source) {
        try {
            return read(in.readAllBytes(), source);
        } catch (IOException e) {
            throw new ArcodecException(source + ": cannot read weight file: " + e.getMessage(), e);
        }
    }

    /** Reads a weight file from disk. */
    public static WeightFile read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ArcodecException(path + ": cannot read weight file: " + e, e);
        }
        return read(bytes, path.toString());
    }

    /**
     * Reads only the meta of a weight file at the start of a stream, for listing models without
     * loading them. The digest is not checked (it is at the end): {@link #read} the whole file
     * before using it.
     *
     * @throws ArcodecException when the stream does not start with a version 1 header and meta
     */
    public static SortedMap<String, String> readMeta(InputStream in, String source) {
        try {
            byte[] header = in.readNBytes(MAGIC.length + 1 + 4);
            Parser parser = new Parser(header, source, header.length);
            parser.header();
            int length = parser.readInt("meta length");
            if (length < 0 || length > MAX_META_BYTES) {
                throw parser.fail(MAGIC.length + 1, "meta length " + length + " is not in [0, " + MAX_META_BYTES + "]");
            }
            byte[] start = Arrays.copyOf(header, header.length + length);
            int read = in.readNBytes(start, header.length, length);
            Parser meta = new Parser(start, source, header.length + read);
            meta.header();
            return meta.parseMeta();
        } catch (IOException e) {
            throw new ArcodecException(source + ": cannot read weight file: " + e.getMessage(), e);
        }
    }

    /** The name given to {@link #read}, for messages. */
    public String source() {
        return source;
    }

    /** The SHA-256 at the end of the file: the model's {@code weightsSha256()}. A copy. */
    public byte[] sha256() {
        return sha256.clone();
    }

    /** Every meta key and value, sorted by key. */
    public SortedMap<String, String> meta() {
        return Collections.unmodifiableSortedMap(meta);
    }

    /**
     * A required meta value.
     *
     * @throws ArcodecException when the key is missing
     */
    public String meta(String key) {
        String value = meta.get(key);
        if (value == null) {
            throw new ArcodecException(source + ": weight file has no meta key '" + key + "'");
        }
        return value;
    }

    /** An optional meta value, or {@code fallback} when the key is missing. */
    public String meta(String key, String fallback) {
        return meta.getOrDefault(key, fallback);
    }

    /**
     * A required meta value that must be a decimal integer in {@code [min, max]}.
     *
     * @throws ArcodecException when the key is missing, not an integer or out of range
     */
    public int metaInt(String key, int min, int max) {
        String value = meta(key);
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ArcodecException(source + ": meta '" + key + "' must be an integer, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ArcodecException(source + ": meta '" + key + "' must be in [" + min + ", " + max + "], got "
                    + parsed);
        }
        return parsed;
    }

    /** Tensor names in file order. */
    public Set<String> tensorNames() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    public boolean hasTensor(String name) {
        return tensors.containsKey(name);
    }

    /** The shape of a tensor (a copy). */
    public int[] dims(String name) {
        return tensor(name).dims().clone();
    }

    /**
     * The values of a float32 tensor, row-major, in a new array.
     *
     * @param expectedDims the shape the caller needs; none to accept any shape
     * @throws ArcodecException when the tensor is missing, int32, or of another shape
     */
    public float[] floats(String name, int... expectedDims) {
        Tensor t = checked(name, DTYPE_FLOAT32, expectedDims);
        ByteBuffer in = ByteBuffer.wrap(bytes, t.valuesOffset(), t.count() * 4);
        float[] values = new float[t.count()];
        in.asFloatBuffer().get(values);
        return values;
    }

    /**
     * The values of an int32 tensor, row-major, in a new array.
     *
     * @param expectedDims the shape the caller needs; none to accept any shape
     * @throws ArcodecException when the tensor is missing, float32, or of another shape
     */
    public int[] ints(String name, int... expectedDims) {
        Tensor t = checked(name, DTYPE_INT32, expectedDims);
        ByteBuffer in = ByteBuffer.wrap(bytes, t.valuesOffset(), t.count() * 4);
        int[] values = new int[t.count()];
        in.asIntBuffer().get(values);
        return values;
    }

    private Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new ArcodecException(source + ": weight file has no tensor '" + name + "'");
        }
        return t;
    }

    private Tensor checked(String name, byte dtype, int[] expectedDims) {
        Tensor t = tensor(name);
        if (t.dtype() != dtype) {
            throw new ArcodecException(source + ": tensor '" + name + "' is " + dtypeName(t.dtype()) + ", expected "
                    + dtypeName(dtype));
        }
        if (expectedDims.length > 0 && !Arrays.equals(t.dims(), expectedDims)) {
            throw new ArcodecException(source + ": tensor '" + name + "' has shape " + Arrays.toString(t.dims())
                    + ", expected " + Arrays.toString(expectedDims));
        }
        return t;
    }

    private static String dtypeName(byte dtype) {
        return dtype == DTYPE_FLOAT32 ? "float32" : "int32";
    }

    /** Reads one file front to back; every read is bounds-checked against the digest position. */
    private static final class Parser {
        private final byte[] bytes;
        private final String source;
        private final int end;
        private int pos;

        Parser(byte[] bytes, String source, int end) {
            this.bytes = bytes;
            this.source = source;
            this.end = end;
        }

        /** Magic and version; throws when they are not this reader's. */
        void header() {
            if (bytes.length < MAGIC.length + 1 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw fail(0, "not an .arcm weight file (no ARCM magic)");
            }
            int version = bytes[MAGIC.length] & 0xFF;
            if (version != VERSION) {
                throw fail(MAGIC.length, "weight file version " + version + " is not supported (this reader knows "
                        + VERSION + ")");
            }
            pos = MAGIC.length + 1;
        }

        WeightFile parse() {
            header();
            // Smallest file: header, meta length, tensor count, digest.
            if (bytes.length < pos + 8 + DIGEST_BYTES) {
                throw fail(bytes.length, "truncated weight file (" + bytes.length + " bytes)");
            }
            byte[] digest = sha256(bytes, 0, end);
            if (!Arrays.equals(digest, 0, DIGEST_BYTES, bytes, end, bytes.length)) {
                throw fail(end, "SHA-256 digest does not match the contents (file damaged or truncated)");
            }
            SortedMap<String, String> meta = parseMeta();
            Map<String, Tensor> tensors = parseTensors();
            if (pos != end) {
                throw fail(pos, (end - pos) + " unexpected bytes after the last tensor");
            }
            return new WeightFile(source, bytes, meta, tensors, digest);
        }

        SortedMap<String, String> parseMeta() {
            int length = readInt("meta length");
            int start = pos;
            need(length, "meta of " + length + " bytes");
            if (length > 0 && bytes[start + length - 1] != '\n') {
                throw fail(start + length - 1, "meta text does not end with a newline");
            }
            SortedMap<String, String> meta = new TreeMap<>();
            String previous = null;
            int lineStart = start;
            for (int i = start; i < start + length; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                String line = utf8(lineStart, i - lineStart, "meta line");
                int eq = line.indexOf('=');
                if (eq < 1) {
                    throw fail(lineStart, "meta line '" + line + "' is not key=value");
                }
                String key = line.substring(0, eq);
                String bad = Builder.badKey(key);
                if (bad != null) {
                    throw fail(lineStart, bad);
                }
                if (previous != null && previous.compareTo(key) >= 0) {
                    throw fail(lineStart, "meta key '" + key + "' is " + (previous.equals(key) ? "repeated" : "out of order"));
                }
                meta.put(key, line.substring(eq + 1));
                previous = key;
                lineStart = i + 1;
            }
            pos = start + length;
            return meta;
        }

        private Map<String, Tensor> parseTensors() {
            int count = readInt("tensor count");
            if (count < 0) {
                throw fail(pos - 4, "negative tensor count " + count);
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int k = 0; k < count; k++) {
                int at = pos;
                need(2, "tensor " + k + " name length");
                int nameLength = ((bytes[pos] & 0xFF) << 8) | (bytes[pos + 1] & 0xFF);
                pos += 2;
                need(nameLength, "tensor " + k + " name");
                String name = utf8(pos, nameLength, "tensor name");
                if (name.isEmpty()) {
                    throw fail(at, "tensor " + k + " has an empty name");
                }
                pos += nameLength;
                if (tensors.containsKey(name)) {
                    throw fail(at, "tensor '" + name + "' is repeated");
                }
                need(2, "tensor '" + name + "' dtype and rank");
                byte dtype = bytes[pos++];
                if (dtype != DTYPE_FLOAT32 && dtype != DTYPE_INT32) {
                    throw fail(pos - 1, "tensor '" + name + "' has unknown dtype " + (dtype & 0xFF));
                }
                int rank = bytes[pos++] & 0xFF;
                int[] dims = new int[rank];
                long elements = 1;
                for (int d = 0; d < rank; d++) {
                    dims[d] = readInt("tensor '" + name + "' dimension " + d);
                    if (dims[d] < 1) {
                        throw fail(pos - 4, "tensor '" + name + "' dimension " + d + " is " + dims[d]);
                    }
                    // elements <= (end - pos) / 4 < 2^29 before this multiplication, so it cannot
                    // overflow a long.
                    elements *= dims[d];
                    if (elements * 4 > end - pos) {
                        throw fail(at, "tensor '" + name + "' of shape " + shape(dims, d + 1)
                                + " needs more bytes than the file has");
                    }
                }
                int valuesOffset = pos;
                pos += (int) elements * 4;
                tensors.put(name, new Tensor(dtype, dims, (int) elements, valuesOffset));
            }
            return tensors;
        }

        private static String shape(int[] dims, int known) {
            StringBuilder s = new StringBuilder("[");
            for (int d = 0; d < dims.length; d++) {
                s.append(d == 0 ? "" : ", ").append(d < known ? Integer.toString(dims[d]) : "?");
            }
            return s.append(']').toString();
        }

        int readInt(String what) {
            need(4, what);
            int value = ((bytes[pos] & 0xFF) << 24) | ((bytes[pos + 1] & 0xFF) << 16)
                    | ((bytes[pos + 2] & 0xFF) << 8) | (bytes[pos + 3] & 0xFF);
            pos += 4;
            return value;
        }

        private void need(int count, String what) {
            if (count < 0 || count > end - pos) {
                throw fail(pos, "truncated weight file: " + what + " runs past the end");
            }
        }

        private String utf8(int offset, int length, String what) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, offset, length))
                        .toString();
            } catch (CharacterCodingException e) {
                throw fail(offset, what + " is not valid UTF-8");
            }
        }

        ArcodecException fail(int offset, String reason) {
            return new ArcodecException(source + ": " + reason + " (byte " + offset + ")");
        }
    }

    // ---------------------------------------------------------------------------------------
    // Writing

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects meta values and tensors and writes them as one weight file. Meta is written sorted
     * by key, tensors in the order they were added. Values are copied when added.
     */
    public static final class Builder {
        private final SortedMap<String, String> meta = new TreeMap<>();
        private final Map<String, Pending> tensors = new LinkedHashMap<>();

        /** A tensor to write: exactly one of {@code floats} and {@code ints} is set. */
        private record Pending(int[] dims, float[] floats, int[] ints) {
            int length() {
                return floats != null ? floats.length : ints.length;
            }
        }

        private Builder() {
        }

        /**
         * Sets a meta value. Keys are printable ASCII without {@code =} (so sorting strings sorts
         * bytes); values are any text without a newline.
         */
        public Builder meta(String key, String value) {
            String bad = badKey(key);
            if (bad != null) {
                throw new IllegalArgumentException(bad);
            }
            if (value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("meta value of '" + key + "' contains a newline");
            }
            meta.put(key, value);
            return this;
        }

        /** Adds a float32 tensor; {@code values.length} must be the product of {@code dims}. */
        public Builder floats(String name, int[] dims, float[] values) {
            return tensor(name, new Pending(dims.clone(), values.clone(), null));
        }

        /** Adds an int32 tensor; {@code values.length} must be the product of {@code dims}. */
        public Builder ints(String name, int[] dims, int[] values) {
            return tensor(name, new Pending(dims.clone(), null, values.clone()));
        }

        private Builder tensor(String name, Pending tensor) {
            int[] dims = tensor.dims();
            if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("tensor name must have 1 to " + MAX_NAME_BYTES + " UTF-8 bytes");
            }
            if (tensors.containsKey(name)) {
                throw new IllegalArgumentException("tensor '" + name + "' added twice");
            }
            if (dims.length > MAX_RANK) {
                throw new IllegalArgumentException("tensor '" + name + "' has rank " + dims.length + " > " + MAX_RANK);
            }
            long elements = 1;
            for (int d : dims) {
                if (d < 1) {
                    throw new IllegalArgumentException("tensor '" + name + "' has dimension " + d + " in "
                            + Arrays.toString(dims));
                }
                elements *= d;
                if (elements > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("tensor '" + name + "' is too large: " + Arrays.toString(dims));
                }
            }
            if (elements != tensor.length()) {
                throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(dims) + " needs "
                        + elements + " values, got " + tensor.length());
            }
            tensors.put(name, tensor);
            return this;
        }

        /** The complete file, digest included. */
        public byte[] toBytes() {
            StringBuilder text = new StringBuilder();
            for (Map.Entry<String, String> e : meta.entrySet()) {
                text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
            }
            byte[] metaBytes = text.toString().getBytes(StandardCharsets.UTF_8);
            long size = MAGIC.length + 1 + 4 + metaBytes.length + 4 + DIGEST_BYTES;
            for (Map.Entry<String, Pending> e : tensors.entrySet()) {
                size += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 2 + 4L * e.getValue().dims().length
                        + 4L * e.getValue().length();
            }
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("weight file would have " + size + " bytes, more than an array holds");
            }
            ByteBuffer out = ByteBuffer.allocate((int) size);
            out.put(MAGIC).put((byte) VERSION).putInt(metaBytes.length).put(metaBytes).putInt(tensors.size());
            for (Map.Entry<String, Pending> e : tensors.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                Pending t = e.getValue();
                out.putShort((short) name.length).put(name);
                out.put(t.floats() != null ? DTYPE_FLOAT32 : DTYPE_INT32).put((byte) t.dims().length);
                for (int d : t.dims()) {
                    out.putInt(d);
                }
                if (t.floats() != null) {
                    out.asFloatBuffer().put(t.floats());
                } else {
                    out.asIntBuffer().put(t.ints());
                }
                out.position(out.position() + 4 * t.length());
            }
            byte[] bytes = out.array();
            out.put(sha256(bytes, 0, out.position()));
            return bytes;
        }

        /** Writes {@link #toBytes()} to a file. */
        public void write(Path path) throws IOException {
            Files.write(path, toBytes());
        }

        /** Why {@code key} cannot be a meta key, or null when it can. */
        static String badKey(String key) {
            if (key.isEmpty()) {
                return "meta key is empty";
            }
            for (int i = 0; i < key.length(); i++) {
                char ch = key.charAt(i);
                if (ch < 0x21 || ch > 0x7E || ch == '=') {
                    return "meta key '" + key + "' must be printable ASCII without '=' or spaces";
                }
            }
            return null;
        }
    }

    private static byte[] sha256(byte[] bytes, int offset, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, offset, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }
}
