package dev.subsync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The Integration on Camel Quarkus, built from k8s/camel-k/quarkus (CI builds it; see README "Camel K")
 * and started as the Camel K operator starts it: the routes/ files as sources in a folder, the ConfigMap
 * and a Secret mounted under conf.d (also on the classpath), the runtime application.properties written
 * from traits.camel.properties and named by QUARKUS_CONFIG_LOCATIONS, the database password from the
 * environment, traits.jvm.options on the command line, and io.quarkus.bootstrap.runner.QuarkusEntryPoint
 * as the main class. Against the shared PostgreSQL, as a user that must give its password. One process
 * per JVM, started on first use; the {@code *OnCamelQuarkusTest} classes run only where the application
 * was built.
 */
public final class CamelQuarkusRuntime {

    public static final Path APPLICATION = Path.of("k8s/camel-k/quarkus/target/quarkus-app/quarkus-run.jar");

    /** Push's signing secret on this runtime (Standard Webhooks format). */
    public static final String PUSH_SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("camel-k-push-secret-0123456".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    /** An entitlement this runtime is configured with, in the test-overrides ConfigMap. */
    public static final String ENTITLEMENT_SETTING = "subsync.entitlements.pro_on_quarkus";

    private static Process process;
    private static Path root;
    private static int port;
    private static WebhookReceiver receiver;

    private CamelQuarkusRuntime() {
    }

    /** Whether the Quarkus application was built (the {@code *OnCamelQuarkusTest} classes run only then). */
    public static boolean built() {
        return Files.isRegularFile(APPLICATION);
    }

    /** The process id of the running application, started if it is not yet. */
    public static synchronized long pid() {
        port();
        return process.pid();
    }

    /** The app's endpoint this runtime pushes its lifecycle events to, as a deployment with a webhooks url does. */
    public static synchronized WebhookReceiver receiver() {
        port();
        return receiver;
    }

    /** What the application has logged so far (it is started if it is not yet). */
    public static synchronized String log() throws IOException {
        port();
        return Files.readString(root.resolve("quarkus.log"));
    }

    public static synchronized int port() {
        if (process == null) {
            try {
                start();
            } catch (IOException e) {
                throw new UncheckedIOException("Camel Quarkus did not start", e);
            }
        }
        return port;
    }

    private static void start() throws IOException {
        String database = SharedDatabase.urlWithoutUser();
        port = FreePorts.any();
        receiver = new WebhookReceiver();
        Runtime.getRuntime().addShutdownHook(new Thread(receiver::close));
        Map<String, String> secrets = new java.util.LinkedHashMap<>(CamelKMounts.testSecrets());
        secrets.put("subsync.webhooks.secret", PUSH_SECRET);
        CamelKMounts mounts = CamelKMounts.of(secrets, Map.of("subsync.resequence.window", "300ms",
                "subsync.webhooks.url", receiver.url(), "subsync.webhooks.retry-initial-interval", "200ms",
                // a product no other test uses, so the mapping it stores in the shared database changes nothing else
                ENTITLEMENT_SETTING, "prod_quarkus_only"));
        root = TemporaryFiles.folder("camel-k-quarkus");
        Path sources = Files.createDirectories(root.resolve("sources"));
        try (var routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.filter(file -> file.toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(route, sources.resolve(route.getFileName()));
            }
        }
        // the runtime application.properties as the operator writes it: traits.camel.properties and its own
        List<String> runtime = new java.util.ArrayList<>(mounts.integrationProperties());
        runtime.add("camel.main.routes-include-pattern=file:" + sources + "/*.camel.yaml");
        runtime.add("camel.main.cloud-properties-location=" + mounts.cloudPropertiesLocation());
        runtime.add("quarkus.http.port=" + port);
        runtime.add("quarkus.datasource.jdbc.url=" + database);
        runtime.add("quarkus.datasource.username=" + SharedDatabase.PASSWORD_USER);
        Path applicationProperties = root.resolve("application.properties");
        Files.writeString(applicationProperties, String.join("\n", runtime) + "\n");

        String classpath = APPLICATION.toAbsolutePath() + java.io.File.pathSeparator
                + mounts.mountedFolders().stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(mounts.jvmOptions());
        command.addAll(List.of("-cp", classpath, "io.quarkus.bootstrap.runner.QuarkusEntryPoint"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(root.resolve("quarkus.log").toFile());
        builder.environment().put("QUARKUS_CONFIG_LOCATIONS", applicationProperties.toString());
        builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", SharedDatabase.PASSWORD);
        process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        awaitReady(root.resolve("quarkus.log"));
    }

    private static void awaitReady(Path log) throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready")).build();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Camel Quarkus exited: " + Files.readString(log));
                        }
                        return client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
        } catch (ConditionTimeoutException notReady) {
            throw new IllegalStateException("Camel Quarkus not ready within 60 s: " + Files.readString(log), notReady);
        }
    }
}
