/** Read models rebuilt by replayable jOOQ projectors, and the query API (issue 5 builds it). */
package org.ledgerline.projections;
