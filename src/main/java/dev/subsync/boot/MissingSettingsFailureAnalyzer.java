package dev.subsync.boot;

import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Spring Boot's start-failure report for missing settings: one line each, no stack trace. */
class MissingSettingsFailureAnalyzer extends AbstractFailureAnalyzer<RequiredSettings.MissingSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, RequiredSettings.MissingSettingsException cause) {
        String missing = cause.keys().stream()
                .map(key -> "subsync cannot start: " + key + " is not set (environment variable "
                        + RequiredSettings.environmentVariable(key) + ")")
                .collect(Collectors.joining(System.lineSeparator()));
        return new FailureAnalysis(missing,
                "Set each one; README.md \"Configuration\" lists every setting. `mvn spring-boot:test-run` sets them all.",
                cause);
    }
}
