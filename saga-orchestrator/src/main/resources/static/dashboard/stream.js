// Server-sent events over fetch(): EventSource cannot send an Authorization header, fetch + ReadableStream can.
// Reconnects with exponential back-off (with jitter) and treats a silent connection as dead: the server sends a
// heartbeat comment every 15 s, so 45 s without a byte means the connection is gone even if TCP has not noticed.

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;
const SILENCE_LIMIT_MS = 45000;

export class SagaStream {
    /**
     * handlers: onEvent(name, data), onStatus(status, detail) with status 'connecting' | 'live' | 'retrying',
     * onOpen(reconnected), onUnauthorized(status) for 401/403 (the stream then stops).
     */
    constructor(url, tokenSupplier, handlers) {
        this.url = url;
        this.tokenSupplier = tokenSupplier;
        this.handlers = handlers;
        this.delay = FIRST_DELAY_MS;
        this.running = false;
        this.opened = false;
        this.controller = null;
        this.retryTimer = null;
        this.silenceTimer = null;
    }

    start() {
        if (this.running) {
            return;
        }
        this.running = true;
        this.connect();
    }

    stop() {
        this.running = false;
        clearTimeout(this.retryTimer);
        clearTimeout(this.silenceTimer);
        this.controller?.abort();
        this.controller = null;
        this.opened = false;
    }

    async connect() {
        if (!this.running) {
            return;
        }
        this.handlers.onStatus('connecting');
        const controller = new AbortController();
        this.controller = controller;
        try {
            const response = await fetch(this.url, {
                headers: {Accept: 'text/event-stream', Authorization: 'Bearer ' + this.tokenSupplier()},
                cache: 'no-store',
                signal: controller.signal,
            });
            if (response.status === 401 || response.status === 403) {
                this.stop();
                this.handlers.onUnauthorized(response.status);
                return;
            }
            if (!response.ok || !response.body) {
                throw new Error('the stream answered HTTP ' + response.status);
            }
            const reconnected = this.opened;
            this.opened = true;
            this.delay = FIRST_DELAY_MS;
            this.handlers.onStatus('live');
            this.handlers.onOpen(reconnected);
            await this.read(response.body, controller);
            if (this.running) {
                this.scheduleRetry('the stream ended');
            }
        } catch (e) {
            if (this.running && this.controller === controller) {
                this.scheduleRetry(e.name === 'AbortError' ? 'no heartbeat' : e.message);
            }
        } finally {
            clearTimeout(this.silenceTimer);
        }
    }

    async read(body, controller) {
        const reader = body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        let event = {name: 'message', data: []};
        this.armSilence(controller);
        for (;;) {
            const {value, done} = await reader.read();
            if (done) {
                return;
            }
            this.armSilence(controller);
            buffer += value;
            const lines = buffer.split(/\r\n|\r|\n/);
            buffer = lines.pop();
            for (const line of lines) {
                event = this.line(line, event);
            }
        }
    }

    /** One line of the text/event-stream format (WHATWG HTML, "Interpreting an event stream"). */
    line(line, event) {
        if (line === '') {
            if (event.data.length > 0) {
                this.dispatch(event.name, event.data.join('\n'));
            }
            return {name: 'message', data: []};
        }
        if (line.startsWith(':')) {
            return event;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) {
            value = value.slice(1);
        }
        if (field === 'event') {
            event.name = value;
        } else if (field === 'data') {
            event.data.push(value);
        }
        return event;
    }

    dispatch(name, data) {
        let parsed;
        try {
            parsed = JSON.parse(data);
        } catch {
            return;
        }
        this.handlers.onEvent(name, parsed);
    }

    armSilence(controller) {
        clearTimeout(this.silenceTimer);
        this.silenceTimer = setTimeout(() => controller.abort(), SILENCE_LIMIT_MS);
    }

    scheduleRetry(reason) {
        const wait = Math.round(this.delay * (0.75 + Math.random() * 0.5));
        this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
        this.handlers.onStatus('retrying', {reason, seconds: Math.ceil(wait / 1000)});
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.connect(), wait);
    }
}
