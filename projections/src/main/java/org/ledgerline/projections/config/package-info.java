/** The read models' settings ({@code ledgerline.projections.*}), shared by their processors and rebuilds. */
package org.ledgerline.projections.config;
