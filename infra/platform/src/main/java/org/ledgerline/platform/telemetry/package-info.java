/** Traces, metrics and log correlation: the OpenTelemetry SDK, Axon's spans, request ids, command and processor metrics. */
package org.ledgerline.platform.telemetry;
