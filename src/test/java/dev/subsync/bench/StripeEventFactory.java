package dev.subsync.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Realistic, signed Stripe snapshot events for the benchmark: pretty-printed like Stripe's (3-7 KB),
 * subscriptions whose events have strictly rising {@code created}, alternating invoice payments and
 * period renewals.
 */
final class StripeEventFactory {

    private static final String SUBSCRIPTION = """
            {
              "id": "%1$s",
              "object": "subscription",
              "application": null,
              "application_fee_percent": null,
              "automatic_tax": {"disabled_reason": null, "enabled": false, "liability": null},
              "billing_cycle_anchor": %2$d,
              "billing_cycle_anchor_config": null,
              "billing_thresholds": null,
              "cancel_at": null,
              "cancel_at_period_end": false,
              "canceled_at": null,
              "cancellation_details": {"comment": null, "feedback": null, "reason": null},
              "collection_method": "charge_automatically",
              "created": %2$d,
              "currency": "usd",
              "current_period_end": %4$d,
              "current_period_start": %3$d,
              "customer": "%5$s",
              "days_until_due": null,
              "default_payment_method": "pm_1Qbench%6$s",
              "default_source": null,
              "default_tax_rates": [],
              "description": null,
              "discount": null,
              "discounts": [],
              "ended_at": null,
              "invoice_settings": {"account_tax_ids": null, "issuer": {"type": "self"}},
              "items": {
                "object": "list",
                "data": [
                  {
                    "id": "si_bench%6$s",
                    "object": "subscription_item",
                    "billing_thresholds": null,
                    "created": %2$d,
                    "current_period_end": %4$d,
                    "current_period_start": %3$d,
                    "discounts": [],
                    "metadata": {},
                    "plan": {
                      "id": "price_bench_monthly",
                      "object": "plan",
                      "active": true,
                      "aggregate_usage": null,
                      "amount": 999,
                      "amount_decimal": "999",
                      "billing_scheme": "per_unit",
                      "created": 1700000000,
                      "currency": "usd",
                      "interval": "month",
                      "interval_count": 1,
                      "livemode": false,
                      "metadata": {},
                      "meter": null,
                      "nickname": "Pro monthly",
                      "product": "prod_bench_pro",
                      "tiers_mode": null,
                      "transform_usage": null,
                      "trial_period_days": null,
                      "usage_type": "licensed"
                    },
                    "price": {
                      "id": "price_bench_monthly",
                      "object": "price",
                      "active": true,
                      "billing_scheme": "per_unit",
                      "created": 1700000000,
                      "currency": "usd",
                      "custom_unit_amount": null,
                      "livemode": false,
                      "lookup_key": null,
                      "metadata": {},
                      "nickname": "Pro monthly",
                      "product": "prod_bench_pro",
                      "recurring": {"aggregate_usage": null, "interval": "month", "interval_count": 1,
                                    "meter": null, "trial_period_days": null, "usage_type": "licensed"},
                      "tax_behavior": "unspecified",
                      "tiers_mode": null,
                      "transform_quantity": null,
                      "type": "recurring",
                      "unit_amount": 999,
                      "unit_amount_decimal": "999"
                    },
                    "quantity": 1,
                    "subscription": "%1$s",
                    "tax_rates": []
                  }
                ],
                "has_more": false,
                "total_count": 1,
                "url": "/v1/subscription_items?subscription=%1$s"
              },
              "latest_invoice": "in_bench%6$s",
              "livemode": false,
              "metadata": {%7$s},
              "next_pending_invoice_item_invoice": null,
              "on_behalf_of": null,
              "pause_collection": null,
              "payment_settings": {"payment_method_options": null, "payment_method_types": null,
                                   "save_default_payment_method": "off"},
              "pending_invoice_item_interval": null,
              "pending_setup_intent": null,
              "pending_update": null,
              "schedule": null,
              "start_date": %2$d,
              "status": "active",
              "test_clock": null,
              "transfer_data": null,
              "trial_end": null,
              "trial_settings": {"end_behavior": {"missing_payment_method": "create_invoice"}},
              "trial_start": null
            }""";

    private static final String INVOICE = """
            {
              "id": "in_bench%6$s",
              "object": "invoice",
              "account_country": "US",
              "account_name": "Bench Inc.",
              "amount_due": 999,
              "amount_paid": 999,
              "amount_remaining": 0,
              "attempt_count": 1,
              "attempted": true,
              "auto_advance": false,
              "billing_reason": "subscription_cycle",
              "charge": "ch_bench%6$s",
              "collection_method": "charge_automatically",
              "created": %3$d,
              "currency": "usd",
              "customer": "%5$s",
              "customer_email": "bench-%6$s@example.com",
              "customer_name": "Bench Customer",
              "default_payment_method": null,
              "description": null,
              "hosted_invoice_url": "https://invoice.stripe.com/i/acct_bench/test_%6$s",
              "invoice_pdf": "https://pay.stripe.com/invoice/acct_bench/test_%6$s/pdf",
              "lines": {"object": "list", "data": [{"id": "il_bench%6$s", "object": "line_item", "amount": 999,
                        "currency": "usd", "description": "1 x Pro (at $9.99 / month)",
                        "period": {"end": %4$d, "start": %3$d}, "price": {"id": "price_bench_monthly",
                        "product": "prod_bench_pro"}, "quantity": 1, "subscription": "%1$s", "type": "subscription"}],
                        "has_more": false, "total_count": 1, "url": "/v1/invoices/in_bench%6$s/lines"},
              "livemode": false,
              "metadata": {%7$s},
              "number": "BENCH-%6$s",
              "paid": true,
              "period_end": %4$d,
              "period_start": %3$d,
              "status": "paid",
              "status_transitions": {"finalized_at": %3$d, "marked_uncollectible_at": null, "paid_at": %3$d,
                                     "voided_at": null},
              "subscription": "%1$s",
              "subtotal": 999,
              "total": 999
            }""";

    private static final String EVENT = """
            {
              "id": "%s",
              "object": "event",
              "api_version": "2024-06-20",
              "created": %d,
              "data": {
                "object": %s
              },
              "livemode": false,
              "pending_webhooks": 1,
              "request": {"id": null, "idempotency_key": null},
              "type": "%s"
            }
            """;

    private final String run;
    private final long base;

    StripeEventFactory(String run, long base) {
        this.run = run;
        this.base = base;
    }

    String subscriptionId(int subscription) {
        return "sub_" + run + subscription;
    }

    /** Event {@code step} of a subscription: 0 created, then invoice paid / renewed, alternating. */
    String event(int subscription, int step) {
        String suffix = run + subscription + "x" + step;
        long created = base + step * 60L;
        long periodStart = base + (step / 2) * 2_592_000L;
        String metadata = padding(ThreadLocalRandom.current().nextInt(0, 3000));
        String type;
        String object;
        if (step % 2 == 1) {
            type = "invoice.updated";
            object = INVOICE.formatted(subscriptionId(subscription), created, periodStart, periodStart + 2_592_000L,
                    "cus_" + run + subscription, suffix, metadata);
        } else {
            type = step == 0 ? "customer.subscription.created" : "customer.subscription.updated";
            object = SUBSCRIPTION.formatted(subscriptionId(subscription), created, periodStart,
                    periodStart + 2_592_000L, "cus_" + run + subscription, suffix, metadata);
        }
        return EVENT.formatted("evt_" + suffix, created, object.replace("\n", "\n    "), type);
    }

    static String signatureHeader(byte[] body, String secret) {
        try {
            long t = System.currentTimeMillis() / 1000;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return "t=" + t + ",v1=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String padding(int bytes) {
        StringBuilder metadata = new StringBuilder();
        for (int i = 0; metadata.length() < bytes; i++) {
            metadata.append(i == 0 ? "" : ", ").append("\"note_").append(i).append("\": \"")
                    .append("lorem ipsum dolor sit amet ".repeat(2)).append('"');
        }
        return metadata.toString();
    }
}
