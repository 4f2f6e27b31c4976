package io.streamcast.cli;

import static io.streamcast.cli.DeploymentManifestsTest.JSON;
import static io.streamcast.cli.DeploymentManifestsTest.K8S;
import static io.streamcast.cli.DeploymentManifestsTest.leftOver;
import static io.streamcast.cli.DeploymentManifestsTest.resources;
import static io.streamcast.cli.DeploymentManifestsTest.strings;
import static io.streamcast.cli.DeploymentManifestsTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.streamcast.http.BearerToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/kubernetes/monitoring} (ServiceMonitors and the Grafana dashboards as a ConfigMap) held to the base
 * manifests and to {@code grafana/}: each monitor scrapes exactly one service of the base, on a port it has, with
 * the token the services are given; every dashboard of {@code grafana/dashboards} is in the ConfigMap.
 */
class MonitoringManifestsTest {
    private static final Path MONITORING = K8S.resolve("monitoring");
    private static final Path GRAFANA = Path.of("..", "grafana");

    @Test
    void eachServiceMonitorScrapesOneServiceOfTheBaseWithTheServicesToken() throws Exception {
        List<ServiceMonitor> monitors = monitors();
        assertThat(monitors).extracting(m -> m.getMetadata().getName())
                .containsExactlyInAnyOrder("streams-app", "model-trainer");
        List<Service> services = resources().stream().filter(Service.class::isInstance).map(Service.class::cast)
                .toList();
        Secret secret = resources().stream().filter(Secret.class::isInstance).map(Secret.class::cast).findFirst()
                .orElseThrow();
        // the key of the secret the services read their token from (STREAMCAST_HTTP_TOKEN)
        Set<String> tokenKeys = new TreeSet<>();
        resources().forEach(r -> collectTokenKeys(JSON.convertValue(r, JsonNode.class), tokenKeys));
        assertThat(tokenKeys).as("secret keys of " + BearerToken.ENV).hasSize(1);
        for (ServiceMonitor m : monitors) {
            String name = m.getMetadata().getName();
            assertThat(leftOver(m, "", new IdentityHashMap<>())).as(name).isEmpty();
            Map<String, String> selector = m.getSpec().getSelector().getMatchLabels();
            List<Service> selected = services.stream().filter(s -> s.getMetadata().getLabels().entrySet()
                    .containsAll(selector.entrySet())).toList();
            // one service: a pod behind two selected services would be scraped twice
            assertThat(selected).as("services %s selects", name).hasSize(1);
            // the job label is the service's name
            assertThat(selected.get(0).getMetadata().getName()).isEqualTo(name);
            assertThat(m.getSpec().getEndpoints()).isNotEmpty();
            for (Endpoint e : m.getSpec().getEndpoints()) {
                assertThat(selected.get(0).getSpec().getPorts()).extracting(ServicePort::getName).contains(e.getPort());
                assertThat(e.getPath()).isEqualTo("/metrics");
                assertThat(e.getBearerTokenSecret().getName()).isEqualTo(secret.getMetadata().getName());
                assertThat(e.getBearerTokenSecret().getKey()).isIn(tokenKeys);
                assertThat(secret.getStringData()).containsKey(e.getBearerTokenSecret().getKey());
            }
        }
    }

    @Test
    void everyDashboardIsInTheConfigMap() throws Exception {
        Map<String, Object> overlay = yaml(MONITORING.resolve("kustomization.yaml")).get(0);
        assertThat(strings(overlay.get("resources"))).containsExactlyInAnyOrder("servicemonitors.yaml",
                "../../../grafana");
        assertThat(overlay.get("namespace")).isEqualTo(yaml(K8S.resolve("kustomization.yaml")).get(0).get("namespace"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> generators = (List<Map<String, Object>>) yaml(GRAFANA.resolve("kustomization.yaml"))
                .get(0).get("configMapGenerator");
        List<String> listed = generators.stream().flatMap(g -> strings(g.get("files")).stream()).toList();
        try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
            List<String> dashboards = files.map(p -> "dashboards/" + p.getFileName()).sorted().toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(dashboards);
        }
        for (String file : listed) {
            assertThat(new ObjectMapper().readTree(Files.readString(GRAFANA.resolve(file))).path("title").asText())
                    .as(file).isNotEmpty();
        }
    }

    private static List<ServiceMonitor> monitors() throws Exception {
        return yaml(MONITORING.resolve("servicemonitors.yaml")).stream()
                .map(doc -> JSON.convertValue(doc, ServiceMonitor.class)).toList();
    }

    /** The secret keys any container's STREAMCAST_HTTP_TOKEN is read from. */
    private static void collectTokenKeys(JsonNode node, Set<String> keys) {
        if (node.isObject()) {
            if (BearerToken.ENV.equals(node.path("name").asText()) && node.has("valueFrom")) {
                keys.add(node.at("/valueFrom/secretKeyRef/key").asText());
            }
            node.forEach(child -> collectTokenKeys(child, keys));
        } else if (node.isArray()) {
            node.forEach(child -> collectTokenKeys(child, keys));
        }
    }
}
