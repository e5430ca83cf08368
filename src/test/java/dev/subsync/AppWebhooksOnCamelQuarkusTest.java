package dev.subsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import dev.subsync.support.CamelQuarkusRuntime;
import dev.subsync.support.SharedDatabase;
import dev.subsync.support.SubsyncTest;
import dev.subsync.support.ThreeLifecycleEvents;
import dev.subsync.support.WebhookReceiver;
import dev.subsync.support.WebhookReceiver.Answer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Push on the Integration on Camel Quarkus, started as the Camel K operator starts it: the lifecycle
 * events reach the app's endpoint signed per Standard Webhooks, in sequence order, and a receiver's
 * "call me in an hour" is one failed attempt, retried on push's own schedule.
 */
@EnabledIf(value = "dev.subsync.support.CamelQuarkusRuntime#built", disabledReason = "k8s/camel-k/quarkus not built (CI builds it)")
class AppWebhooksOnCamelQuarkusTest {

    private final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(SharedDatabase.jdbcUrl(), "postgres", ""));
    private final WebhookReceiver receiver = CamelQuarkusRuntime.receiver();

    @AfterEach
    void answerEveryoneAgain() {
        receiver.answer(event -> Answer.ok());
    }

    @Test
    void lifecycleEventsArriveSignedInOrderAndARetryAfterIsOneFailedAttempt() {
        String user = "user-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        AtomicBoolean askedToWait = new AtomicBoolean();
        receiver.answer(event -> user.equals(event.path("app_user_id").asText()) && event.path("sequence").asLong() == 1
                && askedToWait.compareAndSet(false, true) ? Answer.withHeaders(503, Map.of("Retry-After", "3600")) : Answer.ok());

        new ThreeLifecycleEvents(CamelQuarkusRuntime.port(), SubsyncTest.SECRET, SubsyncTest.API_KEY, jdbc).forSubscriber(user);

        await().atMost(Duration.ofSeconds(30)).until(() -> Set.copyOf(receiver.deliveredSequencesOf(user)).size() == 3);
        assertThat(receiver.deliveredSequencesOf(user)).containsExactly(1L, 2L, 3L);
        assertThat(receiver.inOrderFor(user)).isTrue();
        assertThat(receiver.requestsOf(user)).as("the 503, its retry and two more").hasSize(4).allSatisfy(request ->
                assertThatCode(() -> new Webhook(CamelQuarkusRuntime.PUSH_SECRET).verify(request.body(), request.headers()))
                        .doesNotThrowAnyException());
    }
}
