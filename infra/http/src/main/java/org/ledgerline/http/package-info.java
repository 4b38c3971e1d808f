/**
 * What every context's HTTP controllers share: who is calling ({@link org.ledgerline.http.Caller}), the
 * {@code If-Match} version, and the headers of an accepted command ({@link org.ledgerline.http.CommandResponses}).
 * The platform supplies the implementations (security, token signing).
 */
package org.ledgerline.http;
