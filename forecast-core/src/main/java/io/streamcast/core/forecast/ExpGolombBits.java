package io.streamcast.core.forecast;

/**
 * The bit stream of {@link QuantizedValues}: order-k exponential-Golomb codes, most significant bit first,
 * through a 64-bit accumulator. Hand-written rather than a library: it is on every record's path twice (state
 * decode and encode) and costs a few nanoseconds per code this way.
 */
final class ExpGolombBits {
    private ExpGolombBits() {}

    /** MSB-first bits into a zeroed buffer, through a 64-bit accumulator. */
    static final class Writer {
        private final byte[] buf;
        private int pos;
        private long acc; // pending bits, left-aligned
        private int used;

        Writer(byte[] buf, int startByte) {
            this.buf = buf;
            this.pos = startByte;
        }

        /** The low n bits of value, n <= 64. */
        void write(long value, int n) {
            if (n > 32) {
                write(value >>> 32, n - 32);
                n = 32;
            }
            if (n == 0) {
                return;
            }
            acc |= (value << (64 - n)) >>> used;
            used += n;
            while (used >= 8) {
                buf[pos++] = (byte) (acc >>> 56);
                acc <<= 8;
                used -= 8;
            }
        }

        /** Order-k exponential-Golomb: v + 2^k in n bits, after n - k - 1 zeros. */
        void expGolomb(long v, int k) {
            long w = v + (1L << k);
            int n = 64 - Long.numberOfLeadingZeros(w);
            int zeros = n - k - 1;
            while (zeros > 32) {
                write(0, 32);
                zeros -= 32;
            }
            write(0, zeros);
            write(w, n);
        }

        /** Writes the last partial byte; call once at the end. */
        void flush() {
            if (used > 0) {
                buf[pos] = (byte) (acc >>> 56);
            }
        }
    }

    /** MSB-first bits through a 64-bit accumulator; reading past the end fails. */
    static final class Reader {
        private final byte[] buf;
        private final int end;
        private final long endBit;
        private int pos;
        private long acc; // next bits, left-aligned
        private int avail;
        private long consumed;

        Reader(byte[] buf, int startByte, int endByte) {
            this.buf = buf;
            this.pos = startByte;
            this.end = endByte;
            this.endBit = 8L * (endByte - startByte);
        }

        private void refill() {
            while (avail <= 56) {
                long b = pos < end ? buf[pos] & 0xFF : 0; // past the end: zeros, caught by take()
                pos++;
                acc |= b << (56 - avail);
                avail += 8;
            }
        }

        private void take(int n) {
            acc = n == 64 ? 0 : acc << n;
            avail -= n;
            consumed += n;
            if (consumed > endBit) {
                throw new IllegalArgumentException("quantized values truncated");
            }
        }

        /** n <= 64 bits. */
        long read(int n) {
            if (n > 32) {
                long hi = read(n - 32);
                return (hi << 32) | read(32);
            }
            if (n == 0) {
                return 0;
            }
            refill();
            long v = acc >>> (64 - n);
            take(n);
            return v;
        }

        int k() {
            int k = (int) read(QuantizedValues.K_BITS);
            if (k > QuantizedValues.MAX_K) {
                throw new IllegalArgumentException("Golomb order " + k + " out of range");
            }
            return k;
        }

        long expGolomb(int k) {
            int zeros = 0;
            while (true) {
                refill();
                int z = Long.numberOfLeadingZeros(acc);
                if (z < avail) {
                    zeros += z;
                    take(z + 1); // the zeros and the leading 1
                    break;
                }
                zeros += avail;
                take(avail);
                if (zeros > 62 - k) {
                    throw new IllegalArgumentException("Golomb code too long");
                }
            }
            if (zeros > 62 - k) {
                throw new IllegalArgumentException("Golomb code too long");
            }
            long w = (1L << (zeros + k)) | read(zeros + k);
            return w - (1L << k);
        }

        /** The byte after the last one read (the stream is padded to a byte). */
        int endByte() {
            return end - (int) ((endBit - consumed) >>> 3);
        }
    }
}
