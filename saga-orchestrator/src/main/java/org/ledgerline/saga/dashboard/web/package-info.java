/** Serves the saga dashboard page (static files under {@code static/dashboard}) at {@code /dashboard}. */
package org.ledgerline.saga.dashboard.web;
