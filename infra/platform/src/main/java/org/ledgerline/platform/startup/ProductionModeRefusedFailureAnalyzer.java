package org.ledgerline.platform.startup;

import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Lists every setting production mode refuses, one sentence each, before anything was started. */
class ProductionModeRefusedFailureAnalyzer extends AbstractFailureAnalyzer<ProductionModeRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProductionModeRefusedException cause) {
        return new FailureAnalysis(
                "Production mode (SPRING_PROFILES_ACTIVE=prod) refuses to start; nothing was started:"
                        + cause.refusals().stream()
                                .map(refusal -> "\n  - " + refusal)
                                .collect(Collectors.joining()),
                "Fix each setting named above (docs/production.md), or run without the prod profile for development.",
                cause);
    }
}
