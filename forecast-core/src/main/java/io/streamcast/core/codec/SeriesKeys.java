package io.streamcast.core.codec;

import io.streamcast.core.domain.Parsed;
import io.streamcast.core.domain.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Input keys, checked as bytes. A key is the series id: it must be valid UTF-8 (a lenient decoder would map
 * distinct byte keys onto one series and lose the original bytes) and at most a configured length (it is
 * repeated in every forecast, state entry and accuracy report, and held per series by the trainer). Used by
 * streams-app's forecaster and the trainer's history reader alike. Not thread-safe (owns a decoder).
 */
public final class SeriesKeys {
    /** The default limit of a key's length, in bytes. */
    public static final int DEFAULT_MAX_BYTES = 1024;
    static final String NO_KEY = "record has no key (the key is the series id)";

    private final int maxBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public SeriesKeys(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The series id these key bytes name, or why they cannot name one. */
    public Parsed<String> decode(byte[] key) {
        if (key == null || key.length == 0) {
            return Parsed.rejected(RejectReason.MISSING_KEY, NO_KEY);
        }
        if (key.length > maxBytes) {
            return Parsed.rejected(RejectReason.BAD_KEY, "key is " + key.length + " bytes; the limit is " + maxBytes
                    + " (--max-key-bytes)");
        }
        String id;
        try {
            id = utf8.reset().decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            return Parsed.rejected(RejectReason.BAD_KEY, "key is not valid UTF-8 (" + e.getMessage() + ")");
        }
        if (id.isBlank()) {
            return Parsed.rejected(RejectReason.MISSING_KEY, NO_KEY);
        }
        return Parsed.ok(id);
    }
}
