package io.streamcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.http.AllowedHosts;
import io.streamcast.http.BearerToken;
import io.streamcast.http.EnvironmentSecret;
import io.streamcast.kafka.client.KafkaOptions;
import io.streamcast.options.EnvironmentDefaults;
import io.streamcast.options.HttpTlsOption;
import io.streamcast.options.deployment.DeploymentFile;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Holds {@code deploy/kubernetes/} and {@code docker/docker-compose.yml} to the code, without a cluster or a
 * Docker engine: every manifest is read into fabric8's typed Kubernetes objects (a misspelt field is left over
 * and fails), and every streamcast container runs a real subcommand with real flags, variables the subcommand
 * reads, the port it listens on and the probe paths it answers.
 */
class DeploymentManifestsTest {
    static final Path K8S = Path.of("..", "deploy", "kubernetes");
    private static final Path COMPOSE = Path.of("..", "docker", "docker-compose.yml");
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Namespace", Namespace.class,
            "Secret", Secret.class, "Service", Service.class, "StatefulSet", StatefulSet.class,
            "Deployment", Deployment.class, "PodDisruptionBudget", PodDisruptionBudget.class, "Job", Job.class);
    /** Read from the environment by code rather than through an option's default. */
    private static final Set<String> ENVIRONMENT_ONLY = Set.of(BearerToken.ENV, BearerToken.FILE_ENV,
            ModelTrust.KEY_ENV,
            HttpTlsOption.KEYSTORE_PASSWORD_ENV, EnvironmentSecret.fileVariable(HttpTlsOption.KEYSTORE_PASSWORD_ENV),
            HttpTlsOption.TRUSTSTORE_PASSWORD_ENV,
            EnvironmentSecret.fileVariable(HttpTlsOption.TRUSTSTORE_PASSWORD_ENV),
            // the image's entrypoint and ND4J (docker/Dockerfile)
            "JAVA_OPTS", "OMP_NUM_THREADS");
    /** Kafka client properties by prefix. */
    private static final String KAFKA_PREFIX = KafkaOptions.ENV_PREFIX;
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Z0-9_]+)\\)");
    private static final CommandLine CLI = StreamcastCli.commandLine();

    @Test
    void everyResourceIsListedAndIsATypedKubernetesObjectWithoutUnknownFields() throws Exception {
        Map<String, Object> kustomization = yaml(K8S.resolve("kustomization.yaml")).get(0);
        List<String> listed = strings(kustomization.get("resources"));
        try (Stream<Path> files = Files.list(K8S)) {
            List<String> manifests = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml") && !n.equals("deployment.yaml"))
                    .sorted().toList();
            assertThat(listed).as("kustomization.yaml's resources").containsExactlyInAnyOrderElementsOf(manifests);
        }
        List<HasMetadata> resources = resources();
        assertThat(resources).extracting(HasMetadata::getKind).contains("StatefulSet", "Deployment", "Job",
                "PodDisruptionBudget", "Service", "Secret", "Namespace");
        for (HasMetadata r : resources) {
            assertThat(leftOver(r, "", new IdentityHashMap<>())).as(r.getKind() + " " + r.getMetadata().getName())
                    .isEmpty();
        }
        // the deployment file mounted as a ConfigMap is one the services read
        assertThat(DeploymentFile.read(K8S.resolve("deployment.yaml")).groups()).isNotEmpty();
    }

    @Test
    void theStreamcastContainersRunRealSubcommandsWithRealFlagsVariablesPortsAndProbes() throws Exception {
        Map<String, String> configMaps = configMapLiterals();
        int checked = 0;
        for (HasMetadata r : resources()) {
            PodSpec pod = podSpec(r);
            if (pod == null) {
                continue;
            }
            for (Container c : pod.getContainers()) {
                if (!c.getImage().equals(composeImage())) {
                    continue;
                }
                String where = r.getKind() + " " + r.getMetadata().getName();
                CommandSpec command = subcommand(c.getArgs().get(0), where);
                assertFlagsExist(command, c.getArgs().subList(1, c.getArgs().size()), where);
                Set<String> reads = environmentRead(command);
                Set<String> defined = new HashSet<>();
                c.getEnv().forEach(e -> defined.add(e.getName()));
                for (EnvVar e : c.getEnv()) {
                    boolean helper = e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null;
                    if (!helper) { // POD_NAME and the like only feed $(...) references
                        assertThat(reads(reads, e.getName())).as(where + ": env " + e.getName()).isTrue();
                    }
                    if (e.getValue() != null) {
                        Matcher m = REFERENCE.matcher(e.getValue());
                        while (m.find()) {
                            assertThat(defined).as(where + ": $(" + m.group(1) + ") in " + e.getName())
                                    .contains(m.group(1));
                        }
                    }
                }
                c.getEnvFrom().forEach(from -> configMaps.keySet().forEach(key -> assertThat(reads(reads, key))
                        .as(where + ": " + from.getConfigMapRef().getName() + " key " + key).isTrue()));
                int port = Integer.parseInt(envValue(c, "STREAMCAST_HTTP_PORT"));
                assertThat(c.getPorts()).as(where + " ports").singleElement()
                        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(port))
                        .satisfies(p -> assertThat(p.getName()).isEqualTo("http"));
                assertProbe(c.getLivenessProbe(), "/health/live", where);
                assertProbe(c.getReadinessProbe(), "/health/ready", where);
                String deploymentFile = envValue(c, "STREAMCAST_DEPLOYMENT");
                assertThat(c.getVolumeMounts()).as(where + ": the deployment file's mount")
                        .anySatisfy(m -> assertThat(deploymentFile).startsWith(m.getMountPath() + "/"));
                checked++;
            }
        }
        assertThat(checked).as("streams-app and the trainer").isEqualTo(2);
    }

    @Test
    void theStatefulSetAdvertisesEachPodsOwnNameUnderItsHeadlessService() throws Exception {
        StatefulSet set = resources().stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast)
                .findFirst().orElseThrow();
        Container c = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(envValue(c, "STREAMCAST_ADVERTISED_HTTP"))
                .startsWith("$(POD_NAME)." + set.getSpec().getServiceName() + ".")
                .endsWith(":" + envValue(c, "STREAMCAST_HTTP_PORT"));
        Service headless = resources().stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(s -> s.getMetadata().getName().equals(set.getSpec().getServiceName())).findFirst()
                .orElseThrow();
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(AllowedHosts.parse(envValue(c, "STREAMCAST_HTTP_ALLOWED_HOSTS")
                .replace("$(POD_NAMESPACE)", "ns")).allows("streams-app.ns.svc:8080")).isTrue();
        assertThat(set.getSpec().getVolumeClaimTemplates()).extracting(v -> v.getMetadata().getName())
                .containsExactly("state");
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath())
                .isEqualTo(envValue(c, "STREAMCAST_STATE_DIR")));
    }

    @Test
    void theComposeFileRunsRealSubcommandsWithVariablesTheyRead() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) yaml(COMPOSE).get(0)
                .get("services");
        int checked = 0;
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Map<String, Object> s = service.getValue();
            if (!composeImage().equals(s.get("image"))) {
                continue;
            }
            String where = "compose service " + service.getKey();
            List<String> command = strings(s.get("command"));
            CommandSpec sub = subcommand(command.get(0), where);
            assertFlagsExist(sub, command.subList(1, command.size()), where);
            Set<String> reads = environmentRead(sub);
            @SuppressWarnings("unchecked")
            Map<String, Object> env = (Map<String, Object>) s.getOrDefault("environment", Map.of());
            env.keySet().forEach(name -> assertThat(reads(reads, name)).as(where + ": env " + name).isTrue());
            checked++;
        }
        assertThat(checked).as("streamcast services in the compose file").isGreaterThanOrEqualTo(3);
    }

    // --- reading ---------------------------------------------------------------------------------------------

    static List<HasMetadata> resources() throws Exception {
        List<HasMetadata> out = new ArrayList<>();
        for (String file : strings(yaml(K8S.resolve("kustomization.yaml")).get(0).get("resources"))) {
            for (Map<String, Object> doc : yaml(K8S.resolve(file))) {
                Class<? extends HasMetadata> type = KINDS.get((String) doc.get("kind"));
                assertThat(type).as(file + ": kind " + doc.get("kind")).isNotNull();
                out.add(JSON.convertValue(doc, type));
            }
        }
        return out;
    }

    static List<Map<String, Object>> yaml(Path file) throws Exception {
        List<Map<String, Object>> docs = new ArrayList<>();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        for (Object doc : new Yaml(options).loadAll(Files.readString(file))) {
            if (doc != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) doc;
                docs.add(map);
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object list) {
        return list == null ? List.of() : ((List<Object>) list).stream().map(String::valueOf).toList();
    }

    /** The {@code KEY=value} literals of kustomization.yaml's config maps. */
    private static Map<String, String> configMapLiterals() throws Exception {
        Map<String, String> literals = new java.util.LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> generators = (List<Map<String, Object>>) yaml(K8S.resolve("kustomization.yaml"))
                .get(0).get("configMapGenerator");
        for (Map<String, Object> g : generators) {
            for (String literal : strings(g.get("literals"))) {
                literals.put(literal.substring(0, literal.indexOf('=')), literal.substring(literal.indexOf('=') + 1));
            }
        }
        return literals;
    }

    private static String composeImage() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> image = (Map<String, Object>) yaml(COMPOSE).get(0).get("x-streamcast-image");
        return (String) image.get("image");
    }

    private static PodSpec podSpec(HasMetadata r) {
        if (r instanceof StatefulSet s) {
            return s.getSpec().getTemplate().getSpec();
        }
        if (r instanceof Deployment d) {
            return d.getSpec().getTemplate().getSpec();
        }
        if (r instanceof Job j) {
            return j.getSpec().getTemplate().getSpec();
        }
        return null;
    }

    // --- checks ----------------------------------------------------------------------------------------------

    private static CommandSpec subcommand(String name, String where) {
        CommandLine sub = CLI.getSubcommands().get(name);
        assertThat(sub).as(where + ": subcommand " + name).isNotNull();
        return sub.getCommandSpec();
    }

    private static void assertFlagsExist(CommandSpec command, List<String> args, String where) {
        for (String arg : args) {
            if (arg.startsWith("-")) {
                String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                assertThat(command.findOption(flag)).as(where + ": flag " + flag).isNotNull();
            }
        }
    }

    /** The variables a subcommand reads: its options' ({@link EnvironmentDefaults}) and the environment-only ones. */
    private static Set<String> environmentRead(CommandSpec command) {
        Set<String> names = new HashSet<>(ENVIRONMENT_ONLY);
        if (EnvironmentDefaults.reads(command)) {
            for (OptionSpec option : command.options()) {
                String variable = EnvironmentDefaults.variable(option);
                if (variable != null) {
                    names.add(variable);
                }
            }
        }
        return names;
    }

    private static boolean reads(Set<String> names, String name) {
        return names.contains(name) || name.startsWith(KAFKA_PREFIX);
    }

    private static String envValue(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no " + name));
    }

    private static void assertProbe(Probe probe, String path, String where) {
        assertThat(probe).as(where + ": probe " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(where).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(where + ": probe port").isEqualTo("http");
    }

    /**
     * Fields fabric8 did not know, anywhere in the object: its model classes keep them in
     * {@code getAdditionalProperties()} instead of failing, so a misspelt {@code livenesProbe} would pass silently.
     */
    static List<String> leftOver(Object o, String path, IdentityHashMap<Object, Boolean> seen)
            throws Exception {
        List<String> found = new ArrayList<>();
        if (o == null || seen.put(o, true) != null) {
            return found;
        }
        if (o instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                found.addAll(leftOver(item, path + "[" + i++ + "]", seen));
            }
            return found;
        }
        if (o instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                found.addAll(leftOver(e.getValue(), path + "." + e.getKey(), seen));
            }
            return found;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return found;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            Object value = m.invoke(o);
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add(path + " " + extra.keySet());
                }
            } else {
                found.addAll(leftOver(value, path + "." + m.getName().substring(3), seen));
            }
        }
        return found;
    }
}
