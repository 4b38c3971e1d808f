/** The user context's published contract: commands, events, ids and the login lookup. */
package org.ledgerline.user.api;
