/**
 * Blue/green rebuilds of read models: a second processor rebuilds a model into shadow tables while the live ones keep
 * serving; when it has caught up, one transaction swaps the tables in. Queries never see a half-built model.
 */
package org.ledgerline.projections.rebuild;
