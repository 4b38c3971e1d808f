/** Customer accounts: deposits, order charges and refunds. */
package org.ledgerline.user.account;
