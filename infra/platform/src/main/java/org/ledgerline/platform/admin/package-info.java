/** Operations endpoints ({@code /api/v1/admin}, ADMIN only): processors, replays, events, dead letters, replication. */
package org.ledgerline.platform.admin;
