/** Start-up failures told in one sentence: what is wrong, which setting fixes it. */
package org.ledgerline.platform.startup;
