package io.streamcast.core.forecast;

/**
 * A key's last W values: a ring buffer, oldest at {@code head}. Only this class moves values in and out; readers
 * address values by age (0 = the newest) or, as the codec stores them, oldest first.
 */
final class ValueWindow {
    private final float[] values;
    private int count;
    private int head;

    ValueWindow(int capacity) {
        this.values = new float[capacity];
    }

    int capacity() {
        return values.length;
    }

    int count() {
        return count;
    }

    /** The value {@code age} steps back: 0 is the newest. */
    float valueAt(int age) {
        if (age < 0 || age >= count) {
            throw new IndexOutOfBoundsException("age " + age + " outside window of " + count);
        }
        return values[(head + count - 1 - age) % values.length];
    }

    /** The {@code i}-th value, oldest first (0 <= i < count). */
    float oldestFirst(int i) {
        int at = head + i;
        return values[at < values.length ? at : at - values.length];
    }

    /** The values, oldest first, in a new array. */
    float[] toArray() {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = oldestFirst(i);
        }
        return out;
    }

    /** Appends the newest value; when full, the oldest leaves. */
    void push(float value) {
        if (count < values.length) {
            values[(head + count) % values.length] = value;
            count++;
        } else {
            values[head] = value;
            head = (head + 1) % values.length;
        }
    }

    void clear() {
        count = 0;
        head = 0;
    }
}
