/** The users and accounts read models: their projector and query endpoints. */
package org.ledgerline.projections.users;
