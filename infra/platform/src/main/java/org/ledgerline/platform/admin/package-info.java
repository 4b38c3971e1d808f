/** Operations endpoints ({@code /api/v1/admin}, ADMIN only): dead letters and replication. */
package org.ledgerline.platform.admin;
