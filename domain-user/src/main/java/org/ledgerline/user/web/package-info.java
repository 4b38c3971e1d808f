/** The user context's endpoints: sign-up, tokens, profile, roles and account deposits. */
package org.ledgerline.user.web;
