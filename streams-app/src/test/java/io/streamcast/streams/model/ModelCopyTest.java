package io.streamcast.streams.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.core.model.ServingModel;
import io.streamcast.core.testing.TestModels;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCopyTest {
    private static final ForecastSettings SETTINGS = ForecastSettings.builder().horizon(6).window(12).season(4)
            .maxGapFill(3).build();

    @Test
    void aThreadTakesItsOwnCopyOncePerModelAndNeverTheRegistrysInstance() {
        ModelRegistry registry = new ModelRegistry(SETTINGS, KernelKind.JAVA, ModelTrust.unsignedAllowed(),
                new StreamsAppMetrics(new SimpleMeterRegistry(), SETTINGS));
        List<String> swaps = new ArrayList<>();
        ModelCopy holder = new ModelCopy(registry, (previous, now, nanos) -> swaps.add(previous + "->" + now.version()));
        assertThat(holder.current()).isNull();

        registry.offer(TestModels.bundle(SETTINGS, "v1", 1).toBytes(), "test");
        ServingModel first = holder.current();
        assertThat(first.version()).isEqualTo("v1");
        assertThat(first).isNotSameAs(registry.current());
        assertThat(first.kernel()).isNotSameAs(registry.current().kernel());
        assertThat(holder.current()).isSameAs(first); // no copy while the model is the same

        registry.offer(TestModels.bundle(SETTINGS, "v2", 2).toBytes(), "test");
        assertThat(holder.current().version()).isEqualTo("v2");
        assertThat(swaps).containsExactly("baseline->v1", "v1->v2");
    }
}
