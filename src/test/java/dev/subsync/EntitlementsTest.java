package dev.subsync;

import static dev.subsync.support.StripeFixtures.event;
import static dev.subsync.support.StripeFixtures.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.settings.InvalidSettingException;
import dev.subsync.support.AppInstances;
import dev.subsync.support.SignedDelivery;
import dev.subsync.support.SubscriberApi;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Entitlements as the operator configures them ({@code subsync.entitlements.<id>=<products>}): a
 * product may grant several, an entitlement is active while any subscription granting it is, until
 * the latest expiry, and a product no entitlement names grants one named after it. A changed mapping
 * applies to every subscriber after a restart, while lifecycle events already emitted keep theirs.
 */
@ExtendWith(OutputCaptureExtension.class)
class EntitlementsTest {

    private static final String SECRET = "whsec_entitlements";
    private static final String API_KEY = "app_key_entitlements";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AppInstances instances = new AppInstances("entitlements");
    private final JdbcTemplate jdbc = instances.jdbc();

    @AfterEach
    void stopInstances() {
        instances.close();
    }

    @Test
    void entitlementsFollowTheConfiguredMappingAndARestartWithAnotherMappingRederivesThem() throws Exception {
        String run = String.valueOf(System.nanoTime());
        String user = "user-" + run;
        long start = Instant.now().minus(1, ChronoUnit.DAYS).getEpochSecond();
        long monthEnd = start + 30 * 86_400;
        long yearEnd = start + 365 * 86_400;
        ConfigurableApplicationContext first = start(
                "subsync.entitlements.pro=prod_pro_monthly, prod_pro_yearly",
                "subsync.entitlements.support=prod_pro_yearly");
        buy(first, user, "sub_monthly_" + run, "prod_pro_monthly", start, monthEnd);
        buy(first, user, "sub_yearly_" + run, "prod_pro_yearly", start, yearEnd);
        buy(first, user, "sub_basic_" + run, "prod_basic", start, monthEnd);

        JsonNode entitlements = subscriber(first, user).path("entitlements");
        assertThat(fieldNames(entitlements)).containsExactlyInAnyOrder("pro", "support", "prod_basic");
        // two subscriptions grant pro: it lasts until the later expiry
        assertThat(entitlements.path("pro").path("expires_date").asText()).isEqualTo(Instant.ofEpochSecond(yearEnd).toString());
        assertThat(entitlements.path("pro").path("product_identifier").asText()).isEqualTo("prod_pro_yearly");
        assertThat(entitlements.path("support").path("product_identifier").asText()).isEqualTo("prod_pro_yearly");
        assertThat(entitlementIdsOfPurchase(first, user, "prod_pro_yearly")).containsExactly("pro", "support");

        // the yearly subscription ends: pro stays active through the monthly one
        deliver(first, "evt_yearly_ends_" + run, start + 120, subscription("sub_yearly_" + run, "cus_" + user,
                "prod_pro_yearly", "canceled", start, yearEnd, "\"ended_at\":" + (start + 120)));
        entitlements = subscriber(first, user).path("entitlements");
        assertThat(entitlements.path("pro").path("expires_date").asText()).isEqualTo(Instant.ofEpochSecond(monthEnd).toString());
        assertThat(entitlements.path("pro").path("is_active").asBoolean()).isTrue();
        assertThat(entitlements.path("support").path("is_active").asBoolean()).isFalse();
        first.close();

        ConfigurableApplicationContext restarted = start("subsync.entitlements.premium=prod_pro_monthly");

        entitlements = subscriber(restarted, user).path("entitlements");
        assertThat(fieldNames(entitlements)).containsExactlyInAnyOrder("premium", "prod_pro_yearly", "prod_basic");
        assertThat(entitlements.path("premium").path("is_active").asBoolean()).isTrue();
        // events already emitted are not rewritten
        assertThat(entitlementIdsOfPurchase(restarted, user, "prod_pro_yearly")).containsExactly("pro", "support");
    }

    @Test
    void aMappingThatNamesNoProductStopsTheStartWithTheSettingsName(CapturedOutput output) {
        assertThatThrownBy(() -> start("subsync.entitlements.pro= , "))
                .hasRootCauseInstanceOf(InvalidSettingException.class);
        assertThat(output.getOut()).contains("subsync cannot start: subsync.entitlements.pro names no product");
    }

    private void buy(ConfigurableApplicationContext instance, String user, String sub, String product, long start, long end) {
        assertThat(new SubscriberApi(port(instance), API_KEY).postReceipt(user, sub).statusCode()).isEqualTo(201);
        deliver(instance, "evt_" + sub, start, subscription(sub, "cus_" + user, product, "active", start, end, ""));
    }

    private void deliver(ConfigurableApplicationContext instance, String eventId, long created, String subscription) {
        assertThat(new SignedDelivery(port(instance)).post(event(eventId, "customer.subscription.updated", created,
                subscription), SECRET).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT status FROM inbox WHERE event_id = ?", String.class, eventId).equals("applied"));
    }

    private static JsonNode subscriber(ConfigurableApplicationContext instance, String user) throws Exception {
        return JSON.readTree(new SubscriberApi(port(instance), API_KEY).subscriber(user).body()).path("subscriber");
    }

    private static List<String> entitlementIdsOfPurchase(ConfigurableApplicationContext instance, String user,
            String product) throws Exception {
        JsonNode events = JSON.readTree(new SubscriberApi(port(instance), API_KEY).events(user, 0, 100).body()).path("events");
        List<String> ids = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.path("type").asText().equals("INITIAL_PURCHASE") && event.path("product_id").asText().equals(product)) {
                event.path("entitlement_ids").forEach(id -> ids.add(id.asText()));
            }
        }
        return ids;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private ConfigurableApplicationContext start(String... entitlements) {
        return instances.start(Stream.concat(Stream.of(
                "subsync.stripe.webhook-secrets=" + SECRET,
                "subsync.api.keys=" + API_KEY,
                "subsync.admin.api-keys=admin_entitlements",
                "subsync.resequence.window=100ms",
                "subsync.processing.poll-interval=50ms"), Stream.of(entitlements)).toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext instance) {
        return AppInstances.port(instance);
    }
}
