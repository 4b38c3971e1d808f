package org.ledgerline.platform.startup;

import java.util.List;

/** Production mode found unsafe settings; each refusal is one sentence naming the setting to fix. */
public class ProductionModeRefusedException extends RuntimeException {

    private final List<String> refusals;

    public ProductionModeRefusedException(List<String> refusals) {
        super("Production mode refuses to start: " + String.join(" ", refusals), null, false, false);
        this.refusals = List.copyOf(refusals);
    }

    public List<String> refusals() {
        return refusals;
    }
}
