package dev.subsync.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsync.stripe.SnapshotEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A Stripe-shaped event sequence with its expected outcome, from {@code src/test/resources/scenarios}.
 * Each event's {@code object} is laid over the scenario's {@code defaults} for its kind, so a file
 * only says what changes. Ids are made unique per load ({@code $SUB}, {@code $CUS}, {@code $USER},
 * {@code $RUN}), so scenarios can run against one shared database.
 */
public record Scenario(String name, String subscriptionId, String customerId, String appUserId,
        List<String> payloads, JsonNode expectedState, List<String> expectedLifecycle) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static List<String> names() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(file -> file.getFileName().toString().replace(".json", "")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Scenario load(String name) {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            String text = Files.readString(directory().resolve(name + ".json"), StandardCharsets.UTF_8)
                    .replace("$SUB", "sub_" + run)
                    .replace("$CUS", "cus_" + run)
                    .replace("$USER", "user-" + run)
                    .replace("$RUN", run);
            JsonNode root = JSON.readTree(text);
            List<String> payloads = new ArrayList<>();
            for (JsonNode event : root.path("events")) {
                payloads.add(payload(root.path("defaults"), event));
            }
            List<String> lifecycle = new ArrayList<>();
            root.path("expected").path("lifecycle").forEach(type -> lifecycle.add(type.asText()));
            return new Scenario(name, "sub_" + run, "cus_" + run, "user-" + run, payloads,
                    root.path("expected").path("subscription"), lifecycle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<SnapshotEvent> events() {
        return payloads.stream().map(SnapshotEvent::parse).toList();
    }

    public List<String> eventIds() {
        return events().stream().map(SnapshotEvent::id).toList();
    }

    private static String payload(JsonNode defaults, JsonNode event) throws IOException {
        String type = event.path("type").asText();
        String kind = type.startsWith("customer.subscription") ? "subscription" : type.substring(0, type.indexOf('.'));
        ObjectNode object = defaults.path(kind).isObject() ? defaults.path(kind).deepCopy() : JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> overrides = event.path("object").fields();
        while (overrides.hasNext()) {
            Map.Entry<String, JsonNode> field = overrides.next();
            object.set(field.getKey(), field.getValue());
        }
        ObjectNode data = JSON.createObjectNode();
        data.set("object", object);
        if (event.has("previous_attributes")) {
            data.set("previous_attributes", event.get("previous_attributes"));
        }
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("id", event.path("id").asText());
        envelope.put("object", "event");
        envelope.put("api_version", event.path("api_version").asText(defaults.path("api_version").asText("2024-06-20")));
        envelope.put("created", event.path("created").asLong());
        envelope.set("data", data);
        envelope.put("livemode", false);
        envelope.put("pending_webhooks", 1);
        envelope.put("type", type);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(envelope);
    }

    private static Path directory() {
        try {
            return Path.of(Scenario.class.getResource("/scenarios").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
