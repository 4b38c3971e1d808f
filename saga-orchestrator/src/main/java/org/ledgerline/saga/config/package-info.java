/** Wiring of the order saga: its processor, deadlines, command dispatch, journal and settings. */
package org.ledgerline.saga.config;
