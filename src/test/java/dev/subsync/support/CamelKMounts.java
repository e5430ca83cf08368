package dev.subsync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.Yaml;

/**
 * The settings of k8s/camel-k laid out as the Camel K operator (2.10, 2.11) hands them to a runtime: each
 * {@code traits.mount.configs} entry mounted as a folder, {@code conf.d/_configmaps/<name>} or
 * {@code conf.d/_secrets/<name>}, one file per key, the folders listed in order in
 * {@code camel.main.cloud-properties-location}; and {@code traits.camel.properties}, which the operator
 * writes into the runtime's application.properties.
 */
public final class CamelKMounts {

    public static final Path INTEGRATION = Path.of("k8s/camel-k/subsync.integration.yaml");
    public static final Path CONFIG_MAP = Path.of("k8s/camel-k/configmap.yaml");

    private final Map<String, Object> traits;
    private final List<Path> mounted;

    private CamelKMounts(Map<String, Object> traits, List<Path> mounted) {
        this.traits = traits;
        this.mounted = mounted;
    }

    /**
     * Mounts the committed ConfigMap and a Secret with these keys in a new conf.d folder, and after them a
     * second ConfigMap, {@code test-overrides}, with what a test sets differently.
     */
    public static CamelKMounts of(Map<String, String> secretProperties, Map<String, String> testOverrides) {
        try {
            Map<String, Object> traits = map(map(load(INTEGRATION), "spec"), "traits");
            Path confD = TemporaryFiles.folder("camel-k-conf.d");
            List<Path> mounted = new ArrayList<>();
            for (Object config : (List<?>) map(traits, "mount").get("configs")) {
                String[] kindAndName = config.toString().split(":", 2);
                Map<String, String> data = switch (kindAndName[0]) {
                    case "configmap" -> configMapData(kindAndName[1]);
                    case "secret" -> Map.of("subsync-secrets.properties", properties(secretProperties));
                    default -> throw new IllegalStateException("unknown mount " + config);
                };
                Path folder = confD.resolve("_" + kindAndName[0] + "s").resolve(kindAndName[1]);
                Files.createDirectories(folder);
                for (Map.Entry<String, String> file : data.entrySet()) {
                    Files.writeString(folder.resolve(file.getKey()), file.getValue());
                }
                mounted.add(folder);
            }
            Path overrides = Files.createDirectories(confD.resolve("_configmaps/test-overrides"));
            Files.writeString(overrides.resolve("test.properties"), properties(testOverrides));
            mounted.add(overrides);
            return new CamelKMounts(traits, mounted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the operator sets as camel.main.cloud-properties-location for these mounts. */
    public String cloudPropertiesLocation() {
        return mounted.stream().map(Path::toString).collect(Collectors.joining(","));
    }

    /** What a deployment puts in the Secret subsync-camel-k-secrets (README "Camel K"), with the tests' values. */
    public static Map<String, String> testSecrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("subsync.stripe.webhook-secrets", SubsyncTest.SECRET + "," + SubsyncTest.ROLLED_SECRET);
        secrets.put("subsync.api.keys", SubsyncTest.API_KEY);
        secrets.put("subsync.admin.api-keys", SubsyncTest.ADMIN_KEY);
        return secrets;
    }

    /** The mounted folders, in order: the operator also puts each on the classpath. */
    public List<Path> mountedFolders() {
        return List.copyOf(mounted);
    }

    /** Every entry of the Integration's {@code traits.camel.properties}, {@code key=value}. */
    public List<String> integrationProperties() {
        return ((List<?>) map(traits, "camel").get("properties")).stream().map(Object::toString).toList();
    }

    /** The Integration's {@code traits.jvm.options}, which the operator puts on the {@code java} command line. */
    public List<String> jvmOptions() {
        Map<String, Object> jvm = map(traits, "jvm");
        return jvm == null ? List.of() : ((List<?>) jvm.get("options")).stream().map(Object::toString).toList();
    }

    /** The Integration's {@code traits.camel.properties} that Camel reads ({@code camel.*}); the rest are Quarkus'. */
    public Map<String, String> integrationCamelProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        for (Object entry : (List<?>) map(traits, "camel").get("properties")) {
            String[] keyAndValue = entry.toString().split("=", 2);
            if (keyAndValue[0].startsWith("camel.")) {
                properties.put(keyAndValue[0], keyAndValue[1]);
            }
        }
        return properties;
    }

    private static String properties(Map<String, String> properties) {
        return properties.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static Map<String, String> configMapData(String name) throws IOException {
        Map<String, Object> configMap = load(CONFIG_MAP);
        if (!name.equals(map(configMap, "metadata").get("name"))) {
            throw new IllegalStateException("the Integration mounts " + name + ", which k8s/camel-k does not define");
        }
        Map<String, String> data = new LinkedHashMap<>();
        Map<String, Object> committed = map(configMap, "data");
        if (committed != null) {
            committed.forEach((key, value) -> data.put(key, String.valueOf(value)));
        }
        return data;
    }

    private static Map<String, Object> load(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }
}
