/** The user context: users, their roles and customer accounts (issue 3 builds it). */
package org.ledgerline.user;
