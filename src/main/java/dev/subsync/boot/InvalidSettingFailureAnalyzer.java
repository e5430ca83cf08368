package dev.subsync.boot;

import dev.subsync.settings.InvalidSettingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Spring Boot's start-failure report for a setting that cannot be used: one line, no stack trace. */
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, InvalidSettingException cause) {
        return new FailureAnalysis("subsync cannot start: " + cause.getMessage(),
                "Correct the setting; README.md \"Configuration\" describes each one.", cause);
    }
}
