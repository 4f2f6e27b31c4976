package io.streamcast.options;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** A service command for the tests: the mixins as streams-app and the trainer mix them in, reading the environment. */
@Command(name = "service", mixinStandardHelpOptions = true, defaultValueProvider = EnvironmentDefaults.class)
final class ServiceCommand implements Runnable {
    @Mixin
    ForecastOptions forecast = ForecastOptions.serviceDefaults();

    @Mixin
    HttpBindOption httpBind;

    @Mixin
    ModelTrustOption modelTrust;

    @Override
    public void run() {
    }
}
