package org.ledgerline.platform.startup;

import org.ledgerline.embedded.DataDirectoryLock.DataDirectoryInUseException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.util.ClassUtils;

/**
 * Another platform process already runs the embedded servers on this data directory. Answers nothing where the
 * embedded servers are not on the class path (the container image, ADR 0019): the exception type is then only
 * touched by the nested analyser, never loaded.
 */
class DataDirectoryInUseFailureAnalyzer implements FailureAnalyzer {

    private static final boolean EMBEDDED_SERVERS = ClassUtils.isPresent(
            "org.ledgerline.embedded.DataDirectoryLock", DataDirectoryInUseFailureAnalyzer.class.getClassLoader());

    private final FailureAnalyzer analyzer = EMBEDDED_SERVERS ? new InUse() : failure -> null;

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        return analyzer.analyze(failure);
    }

    private static final class InUse extends AbstractFailureAnalyzer<DataDirectoryInUseException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryInUseException cause) {
            return new FailureAnalysis(
                    cause.getMessage(),
                    "Stop the other process, or start this one with its own LEDGERLINE_DATA_DIR "
                            + "(and other LEDGERLINE_EMBEDDED_*_PORT and SERVER_PORT values).",
                    cause);
        }
    }
}
