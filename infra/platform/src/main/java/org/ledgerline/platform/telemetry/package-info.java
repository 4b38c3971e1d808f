/** Traces, metrics and log correlation: the OpenTelemetry SDK, Axon's spans, request ids, command/processor metrics. */
package org.ledgerline.platform.telemetry;
