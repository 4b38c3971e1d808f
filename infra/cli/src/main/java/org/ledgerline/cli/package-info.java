/** The ledgerline command line: replay, rebuild, inspect, republish (issue 7 builds it). */
package org.ledgerline.cli;
