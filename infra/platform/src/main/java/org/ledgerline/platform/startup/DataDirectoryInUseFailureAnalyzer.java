package org.ledgerline.platform.startup;

import org.ledgerline.embedded.DataDirectoryLock.DataDirectoryInUseException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Another platform process already runs the embedded servers on this data directory. */
class DataDirectoryInUseFailureAnalyzer extends AbstractFailureAnalyzer<DataDirectoryInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryInUseException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Stop the other process, or start this one with its own LEDGERLINE_DATA_DIR "
                        + "(and other LEDGERLINE_EMBEDDED_*_PORT and SERVER_PORT values).",
                cause);
    }
}
