/**
 * Calling endpoints in tests: {@link org.ledgerline.testsupport.http.ApiClient} (status, headers, body as a client
 * sees them), {@link org.ledgerline.testsupport.http.RawHttp} (bytes no client would send) and
 * {@link org.ledgerline.testsupport.http.TestCallers} (who calls a module's endpoints in its slice).
 */
package org.ledgerline.testsupport.http;
