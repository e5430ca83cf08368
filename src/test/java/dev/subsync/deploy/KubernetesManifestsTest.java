package dev.subsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The manifests in k8s/: they parse, compose, commit no secret and run every container safely. */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final Pattern SECRET_LOOKING =
            Pattern.compile("whsec_[A-Za-z0-9]{8,}|sk_(live|test)_[A-Za-z0-9]{8,}|password\\s*[:=]\\s*\\S{4,}");

    @Test
    void theBenchmarkMeasuresTheServiceWithTheDeployedJvmFlags() throws IOException {
        assertThat(Files.readString(K8S.resolve("base/deployment.yaml")))
                .contains(dev.subsync.bench.Bench.SERVICE_JVM.replace(',', ' '));
    }

    @Test
    void everyManifestParses() throws IOException {
        for (Path file : yamlFiles()) {
            assertThat(documents(file)).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void everyFileAKustomizationReferencesExists() throws IOException {
        List<Path> kustomizations = yamlFiles().stream()
                .filter(file -> file.getFileName().toString().equals("kustomization.yaml")).toList();
        assertThat(kustomizations).hasSizeGreaterThanOrEqualTo(4);
        for (Path kustomization : kustomizations) {
            Map<String, Object> k = documents(kustomization).get(0);
            List<String> referenced = new ArrayList<>(strings(k.get("resources")));
            for (Object patch : list(k.get("patches"))) {
                if (((Map<?, ?>) patch).get("path") != null) {
                    referenced.add((String) ((Map<?, ?>) patch).get("path"));
                }
            }
            for (String reference : referenced) {
                Path target = kustomization.getParent().resolve(reference).normalize();
                assertThat(target).as(kustomization + " -> " + reference).exists();
                if (Files.isDirectory(target)) {
                    assertThat(target.resolve("kustomization.yaml")).as(kustomization + " -> " + reference).exists();
                }
            }
        }
    }

    @Test
    void noSecretValueIsCommitted() throws IOException {
        for (Path file : yamlFiles()) {
            for (Map<String, Object> document : documents(file)) {
                if ("Secret".equals(document.get("kind"))) {
                    assertThat(document).as(file + " commits a Secret with values")
                            .doesNotContainKeys("data", "stringData");
                }
            }
            assertThat(SECRET_LOOKING.matcher(Files.readString(file)).find()).as(file + " holds something secret-looking")
                    .isFalse();
        }
    }

    @Test
    void everyContainerHasProbesLimitsAndARestrictedSecurityContext() throws IOException {
        int containers = 0;
        for (Path file : yamlFiles()) {
            for (Map<String, Object> document : documents(file)) {
                Map<String, Object> pod = map(map(map(document, "spec"), "template"), "spec");
                if (!"Deployment".equals(document.get("kind")) || pod.isEmpty()) {
                    continue; // overlays patch Deployments partially
                }
                assertThat(map(pod, "securityContext")).as(file.toString()).containsEntry("runAsNonRoot", true);
                for (Object c : list(pod.get("containers"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> container = (Map<String, Object>) c;
                    containers++;
                    assertThat(container).as(file + " probes").containsKeys("livenessProbe", "readinessProbe", "startupProbe");
                    assertThat(map(map(container, "resources"), "limits")).as(file + " limits").containsKeys("memory", "cpu");
                    assertThat(map(map(container, "resources"), "requests")).as(file + " requests").containsKeys("memory", "cpu");
                    assertThat(map(container, "securityContext")).as(file + " securityContext")
                            .containsEntry("runAsNonRoot", true)
                            .containsEntry("readOnlyRootFilesystem", true)
                            .containsEntry("allowPrivilegeEscalation", false);
                    assertThat(list(container.get("env")).toString()).as("secrets come from secretKeyRef")
                            .contains("secretKeyRef");
                }
            }
        }
        assertThat(containers).isPositive();
    }

    @Test
    void theBaseHasTwoReplicasABudgetAnAutoscalerAndANetworkPolicy() throws IOException {
        List<String> kinds = new ArrayList<>();
        for (Path file : yamlFiles()) {
            if (file.startsWith(K8S.resolve("base"))) {
                documents(file).forEach(document -> kinds.add(String.valueOf(document.get("kind"))));
            }
        }
        assertThat(kinds).contains("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler",
                "NetworkPolicy", "ConfigMap");
        Map<String, Object> deployment = documents(K8S.resolve("base/deployment.yaml")).get(0);
        assertThat(map(deployment, "spec")).containsEntry("replicas", 2);
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(Files.readString(file))) {
            if (document instanceof Map<?, ?> map) {
                documents.add((Map<String, Object>) map);
            } else if (document instanceof List<?> patches) {
                documents.add(Map.of("patches", patches));
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }
}
