/** The runnable platform: assembles every module into one Spring Boot application. */
package org.ledgerline.platform;
