package dev.subsync.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Stripe subscription statuses, and what each means for access. */
public enum Status {
    INCOMPLETE, INCOMPLETE_EXPIRED, TRIALING, ACTIVE, PAST_DUE, CANCELED, UNPAID, PAUSED;

    @JsonCreator
    public static Status of(String stripeStatus) {
        return stripeStatus == null ? null : valueOf(stripeStatus.toUpperCase(Locale.ROOT));
    }

    /** As Stripe spells it: {@code past_due}. */
    @JsonValue
    public String stripeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** past_due keeps access until the current period ends, with the billing issue flagged. */
    public boolean grantsAccess() {
        return this == ACTIVE || this == TRIALING || this == PAST_DUE;
    }

    /** Proof that the subscription was paid for at some point (past_due only follows active). */
    public boolean provesPurchase() {
        return grantsAccess();
    }

    public boolean mayRenew() {
        return this == ACTIVE || this == TRIALING || this == PAST_DUE || this == PAUSED;
    }

    public boolean flagsBillingIssue() {
        return this == PAST_DUE || this == UNPAID;
    }
}
