/** Users: registration, profile, roles, deactivation, and the login data beside the event store. */
package org.ledgerline.user.identity;
