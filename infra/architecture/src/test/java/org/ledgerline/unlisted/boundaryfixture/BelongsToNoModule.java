package org.ledgerline.unlisted.boundaryfixture;

/**
 * A deliberate boundary violation, seen only by {@code ModuleBoundariesTest}: a class in a package that no module of
 * the map owns, as a new module left out of the map would be.
 */
public class BelongsToNoModule {}
