package io.streamcast.cli.demo;

import io.streamcast.cli.stack.LocalStack;
import io.streamcast.http.BearerToken;
import io.streamcast.http.HttpSettings;

/**
 * The demo's lines as its stack comes up, on standard output: {@code bootstrap=HOST:PORT} once the broker answers,
 * {@code http=URL} once streams-app runs (with how to pass the token when the API needs one), and the trainer's
 * reports. Outside checks read the first two (docs/cli.md).
 */
final class ReadyLines implements LocalStack.Listener {
    private final HttpSettings http;

    ReadyLines(HttpSettings http) {
        this.http = http;
    }

    @Override
    public void brokerReady(LocalStack stack) {
        System.out.println("bootstrap=" + stack.bootstrapServers());
    }

    @Override
    public void streamsAppReady(LocalStack.Instance instance) {
        System.out.println("http=http://127.0.0.1:" + instance.http().port());
        if (http.token() != null) {
            System.out.println(String.format("demo: the API needs the token of %s (Authorization: Bearer); open the "
                    + "page as http://127.0.0.1:%d/#token=<the token>", BearerToken.ENV, instance.http().port()));
        }
    }

    @Override
    public void trainerEvent(String line) {
        System.out.println(line);
    }
}
