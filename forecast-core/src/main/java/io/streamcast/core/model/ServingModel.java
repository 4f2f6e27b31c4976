package io.streamcast.core.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A validated model ready to step keys: the bundle, its features, and a {@link StepKernel}.
 *
 * <p>Ownership: a {@code ServingModel} is used by one caller at a time. The registry validates a bundle once by
 * {@link #load loading} it, and each stream task takes its own copy with {@link #privateCopy()}: for the
 * Java kernel the copy shares the immutable weights and owns fresh scratch buffers; for DL4J it deserializes
 * its own network, since a DL4J network is never shared between threads.
 */
public final class ServingModel {
    private final ModelBundle bundle;
    private final KernelKind kind;
    private final Feature[] features;
    private final StepKernel kernel;

    private ServingModel(ModelBundle bundle, KernelKind kind, Feature[] features, StepKernel kernel) {
        this.bundle = bundle;
        this.kind = kind;
        this.features = features;
        this.kernel = kernel;
    }

    /** Deserializes the network and checks it against the metadata (inputs = features, outputs = horizon). */
    public static ServingModel load(ModelBundle bundle, KernelKind kind) throws BundleFormatException {
        ModelMetadata m = bundle.metadata();
        if (m.retirement()) {
            throw new BundleFormatException("retirement", "bundle " + m.version() + " retires the model: it has no "
                    + "network to load (the baseline serves)");
        }
        Feature[] features = m.featureArray();
        StepKernel kernel = buildKernel(bundle, kind);
        int inputs = Feature.inputSize(features, m.horizon());
        if (kernel.inputSize() != inputs) {
            throw new BundleFormatException("shape", "network takes " + kernel.inputSize()
                    + " inputs but the metadata's features " + m.features() + " make " + inputs);
        }
        if (kernel.outputSize() != m.horizon()) {
            throw new BundleFormatException("shape", "network outputs " + kernel.outputSize()
                    + " steps but the metadata declares horizon " + m.horizon());
        }
        if (kernel.layers() != m.hiddenSizes().size()) {
            throw new BundleFormatException("shape", "network has " + kernel.layers()
                    + " LSTM layers but the metadata declares " + m.hiddenSizes());
        }
        return new ServingModel(bundle, kind, features, kernel);
    }

    private static StepKernel buildKernel(ModelBundle bundle, KernelKind kind) throws BundleFormatException {
        MultiLayerNetwork net;
        try {
            net = LstmNetworks.fromBytes(bundle.weights());
        } catch (Exception e) {
            throw new BundleFormatException("weights", "weights are not a readable DL4J network: " + e, e);
        }
        requireFinite(net);
        try {
            return kind == KernelKind.JAVA ? JavaLstmKernel.fromNetwork(net) : new Dl4jStepKernel(net);
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException("shape", e.getMessage(), e);
        }
    }

    /**
     * NaN or infinite parameters make every output non-finite, which the forecaster would answer with the
     * baseline on every record: a model that silently never serves. Refused at the door instead.
     */
    private static void requireFinite(MultiLayerNetwork net) throws BundleFormatException {
        org.nd4j.linalg.api.ndarray.INDArray params = net.params();
        if (params == null) {
            throw new BundleFormatException("weights", "the network has no parameters");
        }
        double[] values = params.toDoubleVector();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new BundleFormatException("non-finite", "parameter " + i + " of " + values.length + " is "
                        + values[i] + ": a network with non-finite weights cannot forecast");
            }
        }
    }

    /** A copy for another user (a stream task, the query path); see the class comment for what is shared. */
    public ServingModel privateCopy() {
        if (kernel instanceof JavaLstmKernel java) {
            return new ServingModel(bundle, kind, features, java.copy());
        }
        try {
            return new ServingModel(bundle, kind, features, buildKernel(bundle, kind));
        } catch (BundleFormatException e) {
            throw new IllegalStateException("bundle " + bundle.version() + " loaded once but not twice", e);
        }
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public String version() {
        return bundle.version();
    }

    public int versionId() {
        return bundle.versionId();
    }

    public Feature[] features() {
        return features;
    }

    public StepKernel kernel() {
        return kernel;
    }

    public int window() {
        return bundle.metadata().window();
    }
}
