/** Makes sure an administrator exists when the platform starts. */
package org.ledgerline.user.bootstrap;
