package io.streamcast.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserTest {
    private final List<String> closed = new ArrayList<>();

    private AutoCloseable part(String name) {
        return () -> closed.add(name);
    }

    private AutoCloseable failing(String name) {
        return () -> {
            closed.add(name);
            throw new IllegalStateException(name + " failed to close");
        };
    }

    @Test
    void closesTheLastStartedFirst() throws Exception {
        Closer closer = new Closer();
        closer.add(part("broker"));
        closer.add(part("streams-app"));
        closer.add(part("trainer"));
        closer.close();
        assertThat(closed).containsExactly("trainer", "streams-app", "broker");
    }

    @Test
    void closesEveryPartWhenSomeFailAndThrowsTheFirstFailureWithTheOthersSuppressed() {
        Closer closer = new Closer();
        closer.add(part("broker"));
        closer.add(failing("streams-app"));
        closer.add(failing("trainer"));
        assertThatThrownBy(closer::close).hasMessage("trainer failed to close")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("streams-app failed to close"));
        assertThat(closed).containsExactly("trainer", "streams-app", "broker");
    }

    @Test
    void closesEachPartOnce() throws Exception {
        Closer closer = new Closer();
        closer.add(part("broker"));
        closer.close();
        closer.close();
        assertThat(closed).containsExactly("broker");
    }

    @Test
    void aPartClosedEarlyIsClosedOnceAndTheOthersStillInReverse() throws Exception {
        Closer closer = new Closer();
        closer.add(part("broker"));
        AutoCloseable trainer = closer.add(part("trainer"));
        closer.add(part("trainer-http"));
        closer.closeNow(trainer);
        closer.closeNow(trainer);
        closer.close();
        assertThat(closed).containsExactly("trainer", "trainer-http", "broker");
    }
}
