/** Replays of streaming processors coordinated across platform nodes through the database. */
package org.ledgerline.eventstore.replay;
