package dev.subsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Camel K Integration carries every file of routes/, exactly, and a dependency for every Camel
 * component the routes use. Run with -Dsubsync.regenerate=true to rewrite its sources from routes/.
 */
class IntegrationManifestTest {

    private static final Path INTEGRATION = Path.of("k8s/camel-k/subsync.integration.yaml");
    private static final String MARKER = "  # --- generated from routes/ by IntegrationManifestTest: do not edit below ---\n";
    private static final Pattern COMPONENT = Pattern.compile("(?m)^[ \\t-]*(?:uri|to|toD):[ \\t]*\"?([a-z][a-z0-9-]*):");

    @Test
    void theIntegrationCarriesEveryRouteFileExactly() throws IOException {
        String committed = Files.readString(INTEGRATION, StandardCharsets.UTF_8);
        assertThat(committed).contains(MARKER);
        String expected = committed.substring(0, committed.indexOf(MARKER)) + MARKER + sources();
        if (Boolean.getBoolean("subsync.regenerate")) {
            Files.writeString(INTEGRATION, expected, StandardCharsets.UTF_8);
        }
        assertThat(committed)
                .as("k8s/camel-k/subsync.integration.yaml is out of date with routes/: run "
                        + "mvn test -Dtest=IntegrationManifestTest -Dsubsync.regenerate=true")
                .isEqualTo(expected);
        Map<String, Object> integration = new Yaml().load(committed);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sources = (List<Map<String, Object>>) spec(integration).get("sources");
        assertThat(sources).extracting(source -> source.get("name")).containsExactlyElementsOf(routeFileNames());
        for (Map<String, Object> source : sources) {
            assertThat(source.get("content")).isEqualTo(Files.readString(Path.of("routes", (String) source.get("name"))));
        }
    }

    @Test
    void everyComponentTheRoutesUseIsADependency() throws IOException {
        Map<String, Object> integration = new Yaml().load(Files.readString(INTEGRATION));
        @SuppressWarnings("unchecked")
        List<String> dependencies = (List<String>) spec(integration).get("dependencies");
        Set<String> used = new TreeSet<>(Set.of("bean"));
        for (String file : routeFileNames()) {
            Matcher uri = COMPONENT.matcher(Files.readString(Path.of("routes", file)));
            while (uri.find()) {
                used.add(uri.group(1));
            }
        }
        assertThat(used).contains("platform-http", "sql", "timer", "direct", "micrometer");
        assertThat(dependencies).containsAll(used.stream().map(scheme -> "camel:" + scheme).toList());
        assertThat(dependencies).anyMatch(dependency -> dependency.startsWith("mvn:dev.subsync:subsync:"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theIntegrationRunsOnACamelQuarkusThatCarriesCamel418WithProbesLimitsAndMountedSecrets() throws IOException {
        Map<String, Object> traits = map(spec(new Yaml().load(Files.readString(INTEGRATION))), "traits");
        assertThat(map(traits, "camel")).containsEntry("runtimeProvider", "plain-quarkus");
        assertThat((String) map(traits, "camel").get("runtimeVersion")).startsWith("3.33.");
        assertThat(map(traits, "health")).containsEntry("livenessProbeEnabled", true)
                .containsEntry("readinessProbeEnabled", true);
        assertThat(map(traits, "container")).containsKeys("limitMemory", "limitCPU", "requestMemory");
        assertThat(map(traits, "security-context")).containsEntry("runAsNonRoot", true);
        assertThat((List<Object>) map(traits, "mount").get("configs"))
                .contains("configmap:subsync-config", "secret:subsync-camel-k-secrets");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySettingReachesItsReaderByADocumentedRouteAndNoSecretIsCommitted() throws IOException {
        Map<String, Object> traits = map(spec(new Yaml().load(Files.readString(INTEGRATION))), "traits");
        List<String> runtimeProperties = (List<String>) map(traits, "camel").get("properties");
        // Quarkus' settings in the runtime application.properties the operator writes from traits.camel.properties
        assertThat(runtimeProperties).contains("camel.component.properties.location=classpath:subsync-defaults.properties",
                "quarkus.flyway.migrate-at-start=true");
        assertThat(runtimeProperties).anyMatch(property -> property.startsWith("quarkus.datasource.jdbc.url="))
                .anyMatch(property -> property.startsWith("quarkus.datasource.username="))
                .noneMatch(property -> property.contains("password"));
        // the password as an environment variable from a Secret, never a value here
        assertThat((List<String>) map(traits, "environment").get("vars"))
                .anyMatch(variable -> variable.matches("QUARKUS_DATASOURCE_PASSWORD=secret:[a-z0-9-]+/[a-z0-9-]+"));
        // the ConfigMap holds subsync's settings only: Quarkus does not read a mounted ConfigMap
        for (String file : configMapData().keySet()) {
            assertThat(file).as("a key named like the runtime's own file is read by accident").isNotEqualTo("application.properties");
        }
        assertThat(configMapData().values()).noneMatch(properties -> properties.contains("quarkus."));
    }

    @Test
    void theConfigMapsHoldOnlyOverridesOfTheOneDefaultsFile() throws IOException {
        Properties defaults = defaults();
        assertThat(defaults.stringPropertyNames()).contains("subsync.resequence.window", "subsync.webhooks.concurrency");
        for (String file : configMapData().values()) {
            Properties overrides = new Properties();
            overrides.load(new StringReader(file));
            for (String key : overrides.stringPropertyNames()) {
                assertThat(overrides.getProperty(key)).as("k8s/camel-k/configmap.yaml repeats the default of " + key)
                        .isNotEqualTo(defaults.getProperty(key));
            }
        }
        Map<String, Object> base = new Yaml().load(Files.readString(Path.of("k8s/base/configmap.yaml")));
        Map<String, Object> variables = map(base, "data") == null ? Map.of() : map(base, "data");
        for (Map.Entry<String, Object> variable : variables.entrySet()) {
            String key = defaults.stringPropertyNames().stream()
                    .filter(name -> name.toUpperCase().replaceAll("[.-]", "_").equals(variable.getKey()))
                    .findFirst().orElse(null);
            assertThat(String.valueOf(variable.getValue())).as("k8s/base/configmap.yaml repeats the default of " + key)
                    .isNotEqualTo(key == null ? null : defaults.getProperty(key));
        }
    }

    @Test
    void theJarCamelKPullsBringsNoSpringBootAndNoApplicationPropertiesOfItsOwn() throws Exception {
        assertThat(Path.of("target/classes/application.properties")).doesNotExist();
        assertThat(Path.of("target/classes/subsync-defaults.properties")).exists();
        var pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        var dependencies = ((org.w3c.dom.Element) pom.getElementsByTagName("dependencies").item(1)).getChildNodes();
        List<String> passedOn = new java.util.ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            if (dependencies.item(i) instanceof org.w3c.dom.Element dependency
                    && !"true".equals(text(dependency, "optional"))
                    && !List.of("test", "provided").contains(String.valueOf(text(dependency, "scope")))) {
                passedOn.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
            }
        }
        assertThat(passedOn).contains("org.apache.camel:camel-sql", "org.apache.camel:camel-yaml-dsl")
                .noneMatch(dependency -> dependency.startsWith("org.springframework.boot:")
                        || dependency.startsWith("org.apache.camel.springboot:") || dependency.contains("starter")
                        || dependency.contains("hikari") || dependency.contains("logback") || dependency.contains("tomcat"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theQuarkusBuildInCiHasEveryDependencyOfTheIntegration() throws IOException {
        Map<String, Object> spec = spec(new Yaml().load(Files.readString(INTEGRATION)));
        String pom = Files.readString(Path.of("k8s/camel-k/quarkus/pom.xml"));
        for (String dependency : (List<String>) spec.get("dependencies")) {
            String artifact = dependency.startsWith("camel:")
                    // camel-quarkus-sql is served in no version here: plain camel-sql (the pom says why)
                    ? (dependency.equals("camel:sql") ? "camel-sql" : "camel-quarkus-" + dependency.substring("camel:".length()))
                    : dependency.split(":")[2];
            assertThat(pom).as(dependency).contains("<artifactId>" + artifact + "</artifactId>");
        }
        assertThat(pom).contains("<quarkus.platform.version>" + map(map(spec, "traits"), "camel").get("runtimeVersion")
                + "</quarkus.platform.version>");
    }

    private static String text(org.w3c.dom.Element element, String tag) {
        var children = element.getElementsByTagName(tag);
        return children.getLength() == 0 ? null : children.item(0).getTextContent().strip();
    }

    private static Properties defaults() throws IOException {
        Properties defaults = new Properties();
        try (var in = Files.newBufferedReader(Path.of("src/main/resources/subsync-defaults.properties"))) {
            defaults.load(in);
        }
        return defaults;
    }

    private static Map<String, String> configMapData() throws IOException {
        Map<String, Object> configMap = new Yaml().load(Files.readString(Path.of("k8s/camel-k/configmap.yaml")));
        Map<String, String> data = new java.util.LinkedHashMap<>();
        map(configMap, "data").forEach((key, value) -> data.put(key, String.valueOf(value)));
        return data;
    }

    static String sources() throws IOException {
        StringBuilder yaml = new StringBuilder("  sources:\n");
        for (String file : routeFileNames()) {
            yaml.append("    - name: ").append(file).append('\n');
            yaml.append("      language: yaml\n");
            yaml.append("      content: |\n");
            for (String line : Files.readString(Path.of("routes", file), StandardCharsets.UTF_8).split("\n", -1)) {
                yaml.append(line.isEmpty() ? "" : "        " + line).append('\n');
            }
        }
        return yaml.toString().replaceAll("\n+$", "\n");
    }

    static List<String> routeFileNames() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".camel.yaml"))
                    .sorted().collect(Collectors.toList());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(Map<String, Object> integration) {
        return (Map<String, Object>) integration.get("spec");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }
}
