package org.ledgerline.kernel.boundaryfixture;

import org.springframework.util.StringUtils;

/** A deliberate boundary violation, seen only by {@code ModuleBoundariesTest}: kernel code calling Spring. */
public class KernelWithSpring {

    boolean blank(String text) {
        return !StringUtils.hasText(text);
    }
}
