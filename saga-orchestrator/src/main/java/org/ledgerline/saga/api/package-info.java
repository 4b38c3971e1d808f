/** The order saga's contract: its states, step names and the operator requests it reacts to. */
package org.ledgerline.saga.api;
