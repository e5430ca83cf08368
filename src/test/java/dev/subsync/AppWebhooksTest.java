package dev.subsync;

import static dev.subsync.support.StripeFixtures.event;
import static dev.subsync.support.StripeFixtures.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.subsync.support.AppInstances;
import dev.subsync.support.IdleClosingReceiver;
import dev.subsync.support.SignedDelivery;
import dev.subsync.support.SocketReceiver;
import dev.subsync.support.SubscriberApi;
import dev.subsync.support.ThreeLifecycleEvents;
import dev.subsync.support.WebhookReceiver;
import dev.subsync.support.WebhookReceiver.Answer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Push: lifecycle events reach the app's endpoint signed per Standard Webhooks, with the pull API's
 * JSON, in sequence order per subscriber, through receiver outages, failing or hung subscribers,
 * an instance stopped between send and record, and two instances sharing the work.
 */
@ExtendWith(OutputCaptureExtension.class)
class AppWebhooksTest {

    private static final String STRIPE_SECRET = "whsec_push_stripe";
    private static final String API_KEY = "app_key_push";
    private static final String ADMIN_KEY = "admin_key_push";
    private static final String PUSH_SECRET = "whsec_" + Base64.getEncoder().encodeToString("push-secret-0123456789abcdef".getBytes());
    private static final String ROLLED_PUSH_SECRET = "whsec_" + Base64.getEncoder().encodeToString("rolled-secret-0123456789abcd".getBytes());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AppInstances instances = new AppInstances("push");
    private final JdbcTemplate jdbc = instances.jdbc();
    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void stop() {
        receiver.close();    // first: it ends the answers still being written, which a failing test may leave a sender reading
        instances.close();
    }

    @Test
    void eachEventArrivesOnceSignedWithBothSecretsAndTheJsonOfThePullApi() throws Exception {
        ConfigurableApplicationContext app = start("subsync.webhooks.secret=" + PUSH_SECRET + "," + ROLLED_PUSH_SECRET,
                "subsync.webhooks.authorization=Bearer revenuecat-style");
        String user = subscriberWithThreeEvents(app);

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.deliveredSequencesOf(user).size() == 3);

        assertThat(receiver.deliveredSequencesOf(user)).containsExactly(1L, 2L, 3L);
        JsonNode pulled = JSON.readTree(api(app).events(user, 0, 10).body()).path("events");
        List<WebhookReceiver.Request> requests = receiver.requestsOf(user);
        for (int i = 0; i < 3; i++) {
            WebhookReceiver.Request request = requests.get(i);
            JsonNode body = JSON.readTree(request.body());
            assertThat(body.path("api_version").asText()).isEqualTo("1.0");
            assertThat(body.path("event")).isEqualTo(pulled.get(i));            // one serializer
            assertThat(request.header("webhook-id")).isEqualTo(pulled.get(i).path("id").asText());
            assertThat(request.header("content-type")).startsWith("application/json");
            assertThat(request.header("authorization")).isEqualTo("Bearer revenuecat-style");
            Map<String, List<String>> headers = request.headers();
            for (String secret : List.of(PUSH_SECRET, ROLLED_PUSH_SECRET)) {   // a rolled secret verifies too
                assertThatCode(() -> new Webhook(secret).verify(request.body(), headers)).as(secret).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void theStartLogsPushsSettingsOnceWithoutTheSecretOrTheUrlsQuery(CapturedOutput output) {
        instances.start(settings(Stream.of("subsync.webhooks.url=" + receiver.url() + "?token=url-secret",
                "subsync.webhooks.secret=" + PUSH_SECRET)));
        java.util.function.Supplier<List<String>> logged = () -> output.getOut().lines()
                .filter(line -> line.contains("dev.subsync.push") && line.contains(": push: ")).toList();

        await().atMost(Duration.ofSeconds(10)).until(() -> !logged.get().isEmpty());
        assertThat(logged.get()).singleElement().satisfies(line -> assertThat(line).contains("url=" + receiver.url() + ",", "concurrency=16")
                        .doesNotContain("url-secret", PUSH_SECRET, PUSH_SECRET.substring("whsec_".length())));
    }

    @Test
    void aReceiverDownForAWhileGetsEveryEventInOrderOnceItIsBack() throws Exception {
        receiver.answer(event -> new Answer(503, 0));
        ConfigurableApplicationContext app = start();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            users.add(subscriberWithThreeEvents(app));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests().size() >= 10);

        receiver.answer(event -> Answer.ok());

        await().atMost(Duration.ofSeconds(30)).until(() -> users.stream()
                .allMatch(user -> Set.copyOf(receiver.deliveredSequencesOf(user)).size() == 3));
        for (String user : users) {
            assertThat(receiver.deliveredSequencesOf(user)).as(user).containsExactly(1L, 2L, 3L);
            assertThat(receiver.inOrderFor(user)).as(user).isTrue();
        }
    }

    @Test
    void aSubscriberWhoseDeliveriesFailWaitsWhileTheOthersFlow() throws Exception {
        ConfigurableApplicationContext app = start();
        String failing = subscriberWithThreeEvents(app);
        receiver.answer(event -> failing.equals(event.path("app_user_id").asText()) ? new Answer(500, 0) : Answer.ok());
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            others.add(subscriberWithThreeEvents(app));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> others.stream()
                .allMatch(user -> receiver.deliveredSequencesOf(user).size() == 3));
        // the failing one's first event was retried; its later events were never sent
        assertThat(receiver.requestsOf(failing)).extracting(WebhookReceiver.Request::sequence).containsOnly(1L);

        receiver.answer(event -> Answer.ok());
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.deliveredSequencesOf(failing).size() == 3);
        assertThat(receiver.inOrderFor(failing)).isTrue();
    }

    @Test
    void eachFailedAttemptIsLoggedOnceWithItsStatusAttemptAndNextTryButNeverTheBodyOrTheSecret(CapturedOutput output)
            throws Exception {
        ConfigurableApplicationContext app = start("subsync.webhooks.retry-initial-interval=200ms");
        receiver.answer(event -> new Answer(503, 0));
        String user = subscriberWithThreeEvents(app);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requestsOf(user).size() >= 3);
        receiver.answer(event -> Answer.ok());
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveredInDatabase(user) == 3);   // every attempt recorded

        int failed = jdbc.queryForObject("SELECT sum(attempts - 1)::int FROM webhook_deliveries WHERE app_user_id = ?",
                Integer.class, user);
        assertThat(failed).as("failed attempts").isPositive();
        List<String> lines = output.getOut().lines().filter(line -> line.contains("webhook attempt failed")).toList();
        assertThat(lines).as("one line per failed attempt").hasSize(failed)
                .allSatisfy(line -> assertThat(line).contains("status=HTTP 503", "attempt=", "next=in ")
                        .doesNotContain(PUSH_SECRET, PUSH_SECRET.substring("whsec_".length()), "api_version", user));
    }

    @Test
    void aReceiverAskingToBeCalledLaterGetsOneRequestPerAttemptAndHoldsNoSender() throws Exception {
        ConfigurableApplicationContext app = start();
        // 429 and 503 are what an HTTP client may retry by itself, waiting as long as Retry-After asks
        receiver.answer(event -> Answer.withHeaders(event.path("sequence").asLong() % 2 == 0 ? 429 : 503,
                Map.of("Retry-After", "3600")));
        String user = subscriberWithThreeEvents(app);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requestsOf(user).size() >= 3);
        receiver.answer(event -> Answer.ok());
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveredInDatabase(user) == 3);

        int attempts = jdbc.queryForObject("SELECT sum(attempts)::int FROM webhook_deliveries WHERE app_user_id = ?",
                Integer.class, user);
        assertThat(receiver.requestsOf(user)).as("one request per recorded attempt").hasSize(attempts);
        assertThat(receiver.deliveredSequencesOf(user)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aLargeAnswerBodyIsReadAndDiscardedNeverHeldInMemory() throws Exception {
        long answerBytes = 64L << 20;
        receiver.answer(event -> Answer.withBody(200, answerBytes));
        ConfigurableApplicationContext app = start();
        long[] senders = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().contains("seda://app-webhook-sends")).mapToLong(Thread::getId).toArray();
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long allocatedBefore = java.util.stream.LongStream.of(threads.getThreadAllocatedBytes(senders)).sum();

        String user = subscriberWithThreeEvents(app);
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveredInDatabase(user) == 3);

        long allocated = java.util.stream.LongStream.of(threads.getThreadAllocatedBytes(senders)).sum() - allocatedBefore;
        assertThat(senders).isNotEmpty();
        assertThat(allocated).as("bytes the senders allocated for three answers of %d bytes each", answerBytes)
                .isLessThan(answerBytes / 4);
    }

    @Test
    void anAnswerWhoseBodyTricklesInIsCutAtTheTimeoutAndTheDeliveryCountsByItsStatus() throws Exception {
        ConfigurableApplicationContext app = start("subsync.webhooks.timeout=1s", "subsync.webhooks.concurrency=1");
        // each byte within the timeout, so no read times out: a whole answer would take over a day
        receiver.answer(event -> Answer.trickling(200, 1_000_000, 200));
        String user = subscriberWithThreeEvents(app);

        await().atMost(Duration.ofSeconds(20)).until(() -> deliveredInDatabase(user) == 3);
        assertThat(receiver.deliveredSequencesOf(user)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void anAnswerWhoseHeadersTrickleInIsCutAtTheTimeoutAndRetried() throws Exception {
        // the status line at once, then a header every 200 ms for ever: no read ever times out
        assertThat(lastErrorAfterTwoAttemptsAnsweredWith(i -> "X-Still-Thinking-" + i + ": yes\r\n", 200))
                .contains("no complete answer (status and headers) within 1000 ms");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "headers streamed without end | Maximum header count exceeded",
        "one header line without end  | Maximum line length limit exceeded"})
    void anAnswerWhoseHeadIsTooLargeFailsAtOnceInsteadOfFillingMemory(String answer, String error) throws Exception {
        IntFunction<String> piece = answer.startsWith("headers")
                ? i -> "X-More-" + i + ": yes\r\n"
                : i -> i == 0 ? "X-Endless: " : "a".repeat(1024);
        // well before the 1 s timeout, which would otherwise cut the answer after megabytes of it were held
        assertThat(lastErrorAfterTwoAttemptsAnsweredWith(piece, 0)).contains(error).doesNotContain("within 1000 ms");
    }

    /**
     * A receiver that sends its status line and then, for ever, the pieces of a head that never ends,
     * pausing between them: the {@code last_error} of the first delivery once it was attempted twice.
     */
    private String lastErrorAfterTwoAttemptsAnsweredWith(IntFunction<String> headPiece, long pauseMillis) throws Exception {
        try (SocketReceiver endlessHead = SocketReceiver.start("endless-head", (connection, receiver) -> {
            OutputStream out = connection.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; !receiver.isClosed(); i++) {   // ends with the test, even if the sender never cuts it
                out.write(headPiece.apply(i).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(pauseMillis);
            }
        })) {
            ConfigurableApplicationContext app = instances.start(settings(Stream.of(
                    "subsync.webhooks.url=" + endlessHead.url(),
                    "subsync.webhooks.secret=" + PUSH_SECRET,
                    "subsync.webhooks.retry-initial-interval=100ms",
                    "subsync.webhooks.poll-interval=50ms",
                    "subsync.webhooks.timeout=1s",
                    "subsync.webhooks.concurrency=1")));
            String user = subscriberWithThreeEvents(app);

            await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject(
                    "SELECT attempts FROM webhook_deliveries WHERE app_user_id = ? AND sequence = 1", Integer.class, user) >= 2);
            return jdbc.queryForObject("SELECT last_error FROM webhook_deliveries WHERE app_user_id = ? AND sequence = 1",
                    String.class, user);
        }
    }

    @Test
    void aConnectionTheReceiverClosedWhileIdleIsNotUsedForTheNextDelivery() throws Exception {
        // closed after 2 s idle: as long as subsync waits before checking a connection (5-75 s in common servers)
        try (IdleClosingReceiver closesIdle = IdleClosingReceiver.start(Duration.ofSeconds(2))) {
            ConfigurableApplicationContext app = instances.start(settings(Stream.of(
                    "subsync.webhooks.url=" + closesIdle.url(),
                    "subsync.webhooks.secret=" + PUSH_SECRET,
                    "subsync.webhooks.poll-interval=50ms",
                    "subsync.webhooks.concurrency=1")));   // one connection, kept alive between deliveries
            String first = subscriberWithThreeEvents(app);
            await().atMost(Duration.ofSeconds(20)).until(() -> deliveredCount(first) == 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> closesIdle.sinceLastIdleClose() != null
                    && closesIdle.sinceLastIdleClose().toMillis() > 500);   // idle past the check's 2 s either way

            String next = subscriberWithThreeEvents(app);
            await().atMost(Duration.ofSeconds(20)).until(() -> deliveredCount(next) == 3);
            assertThat(jdbc.queryForList("SELECT attempts FROM webhook_deliveries WHERE app_user_id = ?", Integer.class, next))
                    .as("each delivered at its first attempt, none sent on the closed connection").containsOnly(1);
        }
    }

    private int deliveredCount(String user) {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_deliveries WHERE app_user_id = ? AND status = 'delivered'",
                Integer.class, user);
    }

    @Test
    void aReceiverThatNeverAnswersForOneSubscriberDoesNotHoldTheOthers() throws Exception {
        ConfigurableApplicationContext app = start("subsync.webhooks.timeout=1s", "subsync.webhooks.concurrency=2");
        String hung = subscriberWithThreeEvents(app);
        receiver.answer(event -> hung.equals(event.path("app_user_id").asText()) ? new Answer(200, 30_000) : Answer.ok());
        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.requestsOf(hung).isEmpty()
                || jdbc.queryForObject("SELECT count(*) FROM webhook_deliveries WHERE app_user_id = ? AND attempts > 0",
                        Integer.class, hung) > 0);
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            others.add(subscriberWithThreeEvents(app));
        }

        try {   // distinct: under load a 1 s timeout can expire on a request the receiver then answers, and it is resent
            await().atMost(Duration.ofSeconds(20)).until(() -> others.stream()
                    .allMatch(user -> Set.copyOf(receiver.deliveredSequencesOf(user)).size() == 3));
        } catch (org.awaitility.core.ConditionTimeoutException notDelivered) {
            throw new AssertionError("not every other subscriber's events arrived: " + jdbc.queryForList(
                    "SELECT id, app_user_id, sequence, status, attempts, last_error, claimed_by IS NOT NULL AS claimed, "
                    + "claimed_until, next_attempt_at FROM webhook_deliveries ORDER BY id") + " received "
                    + others.stream().map(user -> user + "=" + receiver.deliveredSequencesOf(user)).toList(), notDelivered);
        }
        for (String user : others) {
            assertThat(receiver.inOrderFor(user)).as(user).isTrue();
        }
        assertThat(jdbc.queryForObject("SELECT last_error FROM webhook_deliveries WHERE app_user_id = ? AND sequence = 1",
                String.class, hung)).containsIgnoringCase("timeout");
    }

    @Test
    void anInstanceClaimsNoMoreThanItsSendersCanWorkThrough() throws Exception {
        ConfigurableApplicationContext app = start("subsync.webhooks.timeout=1s", "subsync.webhooks.concurrency=1");
        receiver.answer(event -> new Answer(200, 30_000));
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            users.add(subscriberWithThreeEvents(app));
        }
        int maxInFlight = 8;   // concurrency 1 x the deliveries claimed ahead per sender
        java.util.concurrent.Callable<Integer> claimed = () -> jdbc.queryForObject("SELECT count(*) FROM webhook_deliveries "
                + "WHERE app_user_id = ANY(string_to_array(?, ',')) AND status = 'pending' AND claimed_until > now()",
                Integer.class, String.join(",", users));

        await().atMost(Duration.ofSeconds(10)).until(() -> claimed.call() == maxInFlight);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> claimed.call() <= maxInFlight);

        receiver.answer(event -> Answer.ok());   // and every one arrives once the receiver answers
        await().atMost(Duration.ofSeconds(30)).until(() -> users.stream()
                .allMatch(user -> Set.copyOf(receiver.deliveredSequencesOf(user)).size() == 3));
    }

    @Test
    void pushSendsAndRecordsOnThreadsOfTheLowestPriorityAndNothingElseDoes() {
        start("subsync.webhooks.concurrency=3");
        List<Thread> camelThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("Camel (")).toList();
        List<Thread> push = camelThreads.stream().filter(thread -> thread.getName().contains("seda://app-webhook-sends")
                || thread.getName().contains("seda://app-webhook-records")).toList();

        assertThat(push).hasSizeGreaterThanOrEqualTo(3 + 2)   // the senders and the two recorders
                .allSatisfy(thread -> assertThat(thread.getPriority()).as(thread.getName()).isEqualTo(Thread.MIN_PRIORITY));
        assertThat(camelThreads).filteredOn(thread -> !push.contains(thread)).isNotEmpty()
                .allSatisfy(thread -> assertThat(thread.getPriority()).as(thread.getName()).isEqualTo(Thread.NORM_PRIORITY));
    }

    @Test
    void anInstanceStoppedBetweenSendAndRecordHasTheEventSentAgainWithTheSameIdAndOrderHolds(CapturedOutput output) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        String[] held = new String[1];
        String user = "user-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        receiver.answer(event -> {
            if (held[0] == null && user.equals(event.path("app_user_id").asText()) && event.path("sequence").asLong() == 1) {
                held[0] = event.path("id").asText();
                await().atMost(Duration.ofSeconds(30)).until(() -> stopped.getCount() == 0);   // answered after the stop
            }
            return Answer.ok();
        });
        ConfigurableApplicationContext first = start("camel.main.shutdown-timeout=1", "camel.springboot.shutdown-timeout=1");
        subscriberWithThreeEvents(first, jdbc, user);
        await().atMost(Duration.ofSeconds(20)).until(() -> held[0] != null);

        first.close();   // its shutdown timeout (1 s) is shorter than the held attempt's (10 s): the route is forced down
        stopped.countDown();
        assertThat(output.getAll()).contains("webhook attempt ended after push stopped").doesNotContain("\tat ");
        ConfigurableApplicationContext second = start();

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveredSequencesOf(user).size() >= 3
                && receiver.deliveredSequencesOf(user).containsAll(List.of(1L, 2L, 3L)));
        assertThat(receiver.requestsOf(user).stream().filter(r -> held[0].equals(r.header("webhook-id"))).count())
                .as("sent again with the same webhook-id").isGreaterThanOrEqualTo(2);
        assertThat(receiver.inOrderFor(user)).isTrue();
        assertThat(second.isActive()).isTrue();
    }

    @Test
    void twoInstancesNeverSendASubscribersNextEventBeforeTheLastWasAcknowledged() throws Exception {
        receiver.answer(event -> new Answer(ThreadLocalRandom.current().nextInt(10) == 0 ? 500 : 200,
                ThreadLocalRandom.current().nextInt(15)));
        ConfigurableApplicationContext a = start();
        ConfigurableApplicationContext b = start();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            users.add(subscriberWithThreeEvents(i % 2 == 0 ? a : b));
        }

        await().atMost(Duration.ofSeconds(40)).until(() -> users.stream()
                .allMatch(user -> Set.copyOf(receiver.deliveredSequencesOf(user)).size() == 3));
        for (String user : users) {
            assertThat(receiver.inOrderFor(user)).as(user).isTrue();
        }
    }

    @Test
    void aDeliveryThatKeepsFailingIsDeadLetteredListedAndRedriven() throws Exception {
        ConfigurableApplicationContext app = start("subsync.webhooks.retry-for=1s", "subsync.metrics.gauge-interval=200ms");
        receiver.answer(event -> new Answer(500, 0));
        String user = subscriberWithThreeEvents(app);
        SubscriberApi admin = new SubscriberApi(AppInstances.port(app), ADMIN_KEY);

        await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(admin.get(
                "/v1/admin/webhook-deliveries?status=dead_lettered").body()).path("webhook_deliveries").size() == 3);
        JsonNode dead = JSON.readTree(admin.get("/v1/admin/webhook-deliveries?status=dead_lettered").body())
                .path("webhook_deliveries").get(0);
        assertThat(dead.path("app_user_id").asText()).isEqualTo(user);
        assertThat(dead.path("last_status").asInt()).isEqualTo(500);
        assertThat(dead.path("attempts").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(admin.get("/v1/admin/webhook-deliveries?status=bogus").statusCode()).isEqualTo(400);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(metrics(app))
                .contains("subsync_webhooks_deliveries_total{", "outcome=\"dead_lettered\",status_class=\"5xx\"}",
                        "outcome=\"failed\",status_class=\"5xx\"}", "subsync_webhooks_backlog ",
                        "subsync_webhooks_oldest_undelivered_age_seconds ", "subsync_webhooks_dead_letters 3.0\n"));

        receiver.answer(event -> Answer.ok());
        var one = admin.post("/v1/admin/webhook-deliveries/" + dead.path("id").asLong() + "/redrive", "");
        assertThat(one.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.deliveredSequencesOf(user).contains(1L));
        var all = admin.post("/v1/admin/webhook-deliveries/redrive", "");
        assertThat(JSON.readTree(all.body()).path("redriven").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.deliveredSequencesOf(user).containsAll(List.of(2L, 3L)));
        assertThat(admin.post("/v1/admin/webhook-deliveries/" + dead.path("id").asLong() + "/redrive", "").statusCode())
                .isEqualTo(404);
    }

    @Test
    void onlyTheConfiguredEventTypesArePushed() throws Exception {
        ConfigurableApplicationContext app = start("subsync.webhooks.event-types=INITIAL_PURCHASE, EXPIRATION");
        receiver.answer(event -> Answer.ok());
        String user = subscriberWithThreeEvents(app);   // INITIAL_PURCHASE, CANCELLATION, EXPIRATION

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.deliveredSequencesOf(user).contains(3L));
        assertThat(receiver.requestsOf(user)).extracting(request -> request.event().path("type").asText())
                .containsExactly("INITIAL_PURCHASE", "EXPIRATION");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM webhook_deliveries WHERE app_user_id = ?", Integer.class, user))
                .isEqualTo(2);
    }

    @Test
    void aTestEventGoesThroughTheSameSigningAndDeliveryPath() throws Exception {
        ConfigurableApplicationContext app = start();
        SubscriberApi admin = new SubscriberApi(AppInstances.port(app), ADMIN_KEY);

        var queued = admin.post("/v1/admin/webhooks/test", "");

        assertThat(queued.statusCode()).isEqualTo(202);
        String webhookId = JSON.readTree(queued.body()).path("webhook_id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests().stream()
                .anyMatch(r -> webhookId.equals(r.header("webhook-id"))));
        WebhookReceiver.Request test = receiver.requests().stream()
                .filter(r -> webhookId.equals(r.header("webhook-id"))).findFirst().orElseThrow();
        assertThat(test.event().path("type").asText()).isEqualTo("TEST");
        assertThatCode(() -> new Webhook(PUSH_SECRET).verify(test.body(), test.headers())).doesNotThrowAnyException();
    }

    @Test
    void eventsFromBeforePushWasFirstEnabledAreNotPushed() throws Exception {
        try (AppInstances fresh = new AppInstances("push_first_enabled")) {   // push never enabled on it before
            ConfigurableApplicationContext withoutPush = fresh.start(settings(Stream.of("subsync.webhooks.url=")));
            String before = subscriberWithThreeEvents(withoutPush, fresh.jdbc());
            var testWhileOff = new SubscriberApi(AppInstances.port(withoutPush), ADMIN_KEY).post("/v1/admin/webhooks/test", "");
            assertThat(testWhileOff.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(testWhileOff.body()).path("error").asText()).isEqualTo("webhooks_not_configured");
            withoutPush.close();

            ConfigurableApplicationContext app = fresh.start(pushSettings());
            String after = subscriberWithThreeEvents(app, fresh.jdbc());

            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.deliveredSequencesOf(after).size() == 3);
            assertThat(receiver.requestsOf(before)).isEmpty();
        }
    }

    @Test
    void pushWaitsWhileStripesWebhooksAreAnsweredSlowlyAndCatchesUpAfter() throws Exception {
        ConfigurableApplicationContext app = start();                  // pauses over 20 ms, the default
        // every inbox write takes 50 ms, as on a machine short of CPU or of commits
        jdbc.execute("CREATE FUNCTION slow_intake() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN PERFORM pg_sleep(0.05); RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER slow_intake BEFORE INSERT ON inbox FOR EACH ROW EXECUTE FUNCTION slow_intake()");
        AtomicInteger slowAnswers = new AtomicInteger();
        try {
            // paused once over half a second of slow answers came (push's spans are 200 ms)
            assertPushWaitsWhileStripeSends(app, (stripe, now) -> {
                String run = UUID.randomUUID().toString().substring(0, 8);
                stripe.post(event("evt_busy_" + run, "customer.subscription.updated", now,
                        subscription("sub_busy_" + run, "cus_busy", "prod_push", "active", now, now + 86_400, "")), STRIPE_SECRET);
                slowAnswers.incrementAndGet();
            }, () -> slowAnswers.get() >= 10);
        } finally {
            jdbc.execute("DROP FUNCTION slow_intake() CASCADE");
        }
        assertThat(pausedSeconds(app)).as("seconds push paused, as the metric shows them").isGreaterThan(0.5);
    }

    @Test
    void pushWaitsWhileSettledEventsWaitToBeAppliedAndCatchesUpAfter() throws Exception {
        // one event per claim: every claim comes back full, as when more events have settled than a claim takes
        ConfigurableApplicationContext app = start("subsync.processing.batch-size=1");
        assertPushWaitsWhileStripeSends(app, (stripe, now) -> {         // each event claimed before the next is sent
            String run = UUID.randomUUID().toString().substring(0, 8);
            String id = "evt_settled_" + run;
            stripe.post(event(id, "customer.subscription.updated", now,
                    subscription("sub_settled_" + run, "cus_settled_" + run, "prod_push", "active", now, now + 86_400, "")),
                    STRIPE_SECRET);
            await().atMost(Duration.ofSeconds(10)).until(() -> !"received".equals(jdbc.queryForObject(
                    "SELECT status FROM inbox WHERE event_id = ?", String.class, id)));
        }, () -> pausedSeconds(app) > 0.5);                            // Stripe's answers stay quick
    }

    /**
     * While another thread keeps sending Stripe events ({@code sendOne}, given the delivery client and
     * the time), and once {@code paused} holds, a new subscriber's three lifecycle events are committed;
     * for 2 s push neither sends nor queues them (queuing is push's work too); once the sending stops,
     * they arrive in order.
     */
    private void assertPushWaitsWhileStripeSends(ConfigurableApplicationContext app,
            BiConsumer<SignedDelivery, Long> sendOne, Callable<Boolean> paused) throws Exception {
        CountDownLatch stopSending = new CountDownLatch(1);
        Thread stripe = new Thread(() -> {
            SignedDelivery delivery = new SignedDelivery(AppInstances.port(app));
            long now = Instant.now().getEpochSecond();
            while (stopSending.getCount() > 0) {
                sendOne.accept(delivery, now);
            }
        });
        final String user;
        try {
            stripe.start();
            await().atMost(Duration.ofSeconds(10)).until(paused);
            user = subscriberWithThreeEvents(app);                     // its lifecycle events are committed

            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> receiver.requestsOf(user).isEmpty() && queuedInDatabase(user) == 0);
        } finally {
            stopSending.countDown();
            stripe.join();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.deliveredSequencesOf(user).size() == 3);
        assertThat(receiver.deliveredSequencesOf(user)).containsExactly(1L, 2L, 3L);
    }

    // --- helpers ---

    /** The user's deliveries recorded as delivered: each attempt's outcome is in PostgreSQL by then. */
    private int deliveredInDatabase(String user) {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_deliveries WHERE app_user_id = ? AND status = 'delivered'",
                Integer.class, user);
    }

    /** The user's deliveries queued in PostgreSQL, whatever their status. */
    private int queuedInDatabase(String user) {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_deliveries WHERE app_user_id = ?", Integer.class, user);
    }

    private static double pausedSeconds(ConfigurableApplicationContext app) throws Exception {
        return metrics(app).lines().filter(line -> line.startsWith("subsync_webhooks_intake_pause_seconds_total "))
                .mapToDouble(line -> Double.parseDouble(line.split(" ")[1])).sum();
    }

    private static String metrics(ConfigurableApplicationContext app) throws Exception {
        return SignedDelivery.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + app.getEnvironment().getProperty("local.management.port") + "/actuator/prometheus")).build()).body();
    }

    private ConfigurableApplicationContext start(String... more) {
        return instances.start(pushSettings(more));
    }

    private String[] pushSettings(String... more) {
        return settings(Stream.concat(Stream.of(
                "subsync.webhooks.url=" + receiver.url(),
                "subsync.webhooks.secret=" + PUSH_SECRET,
                "subsync.webhooks.retry-initial-interval=100ms",
                "subsync.webhooks.poll-interval=50ms"), Stream.of(more)));
    }

    private static String[] settings(Stream<String> more) {
        return Stream.concat(Stream.of(
                "subsync.stripe.webhook-secrets=" + STRIPE_SECRET,
                "subsync.api.keys=" + API_KEY,
                "subsync.admin.api-keys=" + ADMIN_KEY,
                "subsync.resequence.window=100ms",
                "subsync.processing.poll-interval=50ms",
                "subsync.processing.lease=2s"), more).toArray(String[]::new);
    }

    /** A new subscriber with INITIAL_PURCHASE, CANCELLATION and EXPIRATION, applied; returns their id. */
    private String subscriberWithThreeEvents(ConfigurableApplicationContext app) {
        return subscriberWithThreeEvents(app, jdbc);
    }

    private static String subscriberWithThreeEvents(ConfigurableApplicationContext app, JdbcTemplate jdbc) {
        return new ThreeLifecycleEvents(AppInstances.port(app), STRIPE_SECRET, API_KEY, jdbc).forNewSubscriber();
    }

    private static String subscriberWithThreeEvents(ConfigurableApplicationContext app, JdbcTemplate jdbc, String user) {
        return new ThreeLifecycleEvents(AppInstances.port(app), STRIPE_SECRET, API_KEY, jdbc).forSubscriber(user);
    }

    private static SubscriberApi api(ConfigurableApplicationContext app) {
        return new SubscriberApi(AppInstances.port(app), API_KEY);
    }
}
