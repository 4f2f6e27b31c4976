package io.streamcast.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VarintsTest {
    @Test
    void signedValuesRoundTripThroughZigzagAndVarintsOfTheExpectedLength() {
        long[] values = {0, 1, -1, 63, -64, 64, 300, -300, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
            Long.MIN_VALUE};
        byte[] out = new byte[Varints.MAX_BYTES * values.length];
        int at = 0;
        for (long v : values) {
            at = Varints.write(out, at, Varints.zigzag(v));
        }
        ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(out, at));
        for (long v : values) {
            assertThat(Varints.unzigzag(Varints.read(in))).isEqualTo(v);
        }
        assertThat(in.hasRemaining()).isFalse();
        assertThat(Varints.write(new byte[10], 0, Varints.zigzag(-64))).isEqualTo(1); // small magnitudes: 1 byte
        assertThat(Varints.write(new byte[10], 0, Varints.zigzag(Long.MIN_VALUE))).isEqualTo(Varints.MAX_BYTES);
    }

    @Test
    void aVarintOfMoreThanTenBytesIsRefused() {
        byte[] eleven = new byte[11];
        Arrays.fill(eleven, (byte) 0x80);
        assertThatThrownBy(() -> Varints.read(ByteBuffer.wrap(eleven))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 bytes");
    }
}
