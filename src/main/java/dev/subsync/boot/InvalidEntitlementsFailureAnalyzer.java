package dev.subsync.boot;

import dev.subsync.entitlements.InvalidEntitlementsException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Spring Boot's start-failure report for an unreadable entitlement mapping: one line, no stack trace. */
class InvalidEntitlementsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidEntitlementsException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, InvalidEntitlementsException cause) {
        return new FailureAnalysis("subsync cannot start: " + cause.getMessage(),
                "Set subsync.entitlements.<entitlement_id> to the Stripe product ids that grant it; see README.md \"Entitlements\".",
                cause);
    }
}
