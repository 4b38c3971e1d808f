// The saga dashboard: sign-in, list with filters and counts, detail timeline, live updates and admin actions.
// Every text from the API reaches the page through text nodes (dom.js), never as HTML.

import {act, ApiError, batch, counts, listSagas, saga, session, signIn} from './api.js';
import {$, clear, h, shortId, time} from './dom.js';
import {SagaStream} from './stream.js';

const STATES = ['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'FAILED', 'STUCK', 'CONTRADICTED'];
const FINISHED = new Set(['COMPLETED', 'COMPENSATED']);
const PAGE_SIZE = 50;
const COMPENSATION_STEPS = new Set(['REFUND_PAYMENT', 'RELEASE_STOCK', 'REJECT_ORDER']);

const model = {
    items: [],
    nextCursor: null,
    loading: false,
    error: null,
    filters: {state: '', olderThan: ''},
    selected: new Set(),
    detailId: null,
    counts: null,
    listGeneration: 0,
};

const stream = new SagaStream('/api/v1/sagas/stream', () => session.token(), {
    onEvent: (name, data) => {
        if (name === 'saga' && data && data.sagaId) {
            upsertLive(data);
        }
    },
    onStatus: showLive,
    onOpen: () => refreshAll(),
    onUnauthorized: status => (status === 401 ? signOut('Your session has ended. Sign in again.') : showForbidden()),
});

// ---------------------------------------------------------------------------------------------- views and session

function show(view) {
    for (const id of ['sign-in-view', 'forbidden-view', 'dashboard-view']) {
        $(id).hidden = id !== view;
    }
    const signedIn = view !== 'sign-in-view';
    $('sign-out').hidden = !signedIn;
    $('whoami').hidden = !signedIn;
}

function route() {
    if (!session.token() || session.expired()) {
        session.forget();
        showSignIn();
    } else if (!session.isAdmin()) {
        showForbidden();
    } else {
        showDashboard();
    }
}

function showSignIn(message) {
    stream.stop();
    showLive('off');
    show('sign-in-view');
    const error = $('sign-in-error');
    error.hidden = !message;
    error.textContent = message || '';
    $('email').focus();
}

function showForbidden() {
    stream.stop();
    showLive('off');
    show('forbidden-view');
    $('whoami').textContent = 'signed in without ADMIN';
    $('forbidden-sign-out').focus();
}

function showDashboard() {
    show('dashboard-view');
    $('whoami').textContent = 'administrator';
    readHash();
    $('filter-state').value = model.filters.state;
    $('filter-age').value = model.filters.olderThan;
    refreshAll();
    if (model.detailId) {
        openDetail(model.detailId, false);
    }
    stream.start();
}

function signOut(message) {
    stream.stop();
    cancelLater();
    model.listGeneration++;
    session.forget();
    model.items = [];
    model.nextCursor = null;
    model.selected.clear();
    model.detailId = null;
    model.counts = null;
    model.error = null;
    clear($('saga-rows'));
    closeDetail();
    hideBanner();
    showSignIn(message);
}

async function onSignIn(event) {
    event.preventDefault();
    const email = $('email').value.trim();
    const password = $('password').value;
    const error = $('sign-in-error');
    if (!email || !password) {
        error.textContent = 'Enter your e-mail and password.';
        error.hidden = false;
        return;
    }
    const button = $('sign-in-submit');
    button.disabled = true;
    button.textContent = 'Signing in…';
    try {
        await signIn(email, password);
        $('password').value = '';
        error.hidden = true;
        route();
    } catch (e) {
        error.textContent = e.status === 401 ? 'Wrong e-mail or password.' : e.message;
        error.hidden = false;
        $('password').select();
    } finally {
        button.disabled = false;
        button.textContent = 'Sign in';
    }
}

/** The one place API failures turn into what the user sees. */
function failed(e, what) {
    if (e instanceof ApiError && e.status === 401) {
        signOut('Your session has ended. Sign in again.');
    } else if (e instanceof ApiError && e.status === 403) {
        showForbidden();
    } else if (e instanceof ApiError && e.status === 0) {
        showBanner('The platform does not answer. Check that it is running; the page keeps trying.');
    } else {
        toast(what + ': ' + e.message, 'error');
    }
}

function showBanner(text) {
    const banner = $('banner');
    banner.textContent = text;
    banner.className = 'banner error';
    banner.hidden = false;
}

function hideBanner() {
    $('banner').hidden = true;
}

// ---------------------------------------------------------------------------------------------- live indicator

function showLive(status, detail) {
    const live = $('live');
    live.dataset.live = status;
    const text = {
        live: 'live',
        connecting: 'connecting…',
        retrying: detail ? 'reconnecting in ' + detail.seconds + ' s' : 'reconnecting',
        off: 'offline',
    }[status];
    $('live-text').textContent = text;
    live.title = status === 'retrying' && detail ? 'Live updates interrupted: ' + detail.reason : '';
}

// ---------------------------------------------------------------------------------------------- filters and hash

function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    const state = params.get('state') || '';
    model.filters.state = STATES.includes(state) ? state : '';
    const age = params.get('olderThan') || '';
    model.filters.olderThan = [...$('filter-age').options].some(o => o.value === age) ? age : '';
    model.detailId = params.get('saga') || null;
}

function writeHash() {
    const params = new URLSearchParams();
    if (model.filters.state) {
        params.set('state', model.filters.state);
    }
    if (model.filters.olderThan) {
        params.set('olderThan', model.filters.olderThan);
    }
    if (model.detailId) {
        params.set('saga', model.detailId);
    }
    const hash = params.toString();
    history.replaceState(null, '', hash ? '#' + hash : location.pathname);
}

function setFilters(state, olderThan) {
    model.filters = {state, olderThan};
    $('filter-state').value = state;
    $('filter-age').value = olderThan;
    model.selected.clear();
    writeHash();
    loadFirstPage();
    renderCounts();
}

/** Milliseconds of the ISO-8601 durations the age filter offers (PnD, PTnHnMnS). */
function durationMillis(iso) {
    const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
    if (!match) {
        return 0;
    }
    const [, d, hours, m, s] = match.map(v => Number(v || 0));
    return (((d * 24 + hours) * 60 + m) * 60 + s) * 1000;
}

function matchesFilters(item) {
    if (model.filters.state && item.state !== model.filters.state) {
        return false;
    }
    if (model.filters.olderThan) {
        const startedAt = Date.parse(item.startedAt);
        return startedAt <= Date.now() - durationMillis(model.filters.olderThan);
    }
    return true;
}

/** The list's order: newest first by startedAt, then sagaId (the API's keyset order). */
function compare(a, b) {
    const byStart = Date.parse(b.startedAt) - Date.parse(a.startedAt);
    if (byStart !== 0) {
        return byStart;
    }
    return a.sagaId < b.sagaId ? 1 : (a.sagaId > b.sagaId ? -1 : 0);
}

// ---------------------------------------------------------------------------------------------- list

function refreshAll() {
    loadFirstPage();
    loadCounts();
    if (model.detailId) {
        refreshDetail();
    }
}

async function loadFirstPage() {
    const generation = ++model.listGeneration;
    model.loading = true;
    model.error = null;
    renderStatus();
    try {
        const page = await listSagas({...model.filters, limit: PAGE_SIZE});
        if (generation !== model.listGeneration) {
            return;
        }
        model.items = page.items || [];
        model.nextCursor = page.nextCursor || null;
        const shown = new Set(model.items.map(i => i.sagaId));
        for (const id of [...model.selected]) {
            if (!shown.has(id)) {
                model.selected.delete(id);
            }
        }
        hideBanner();
    } catch (e) {
        if (generation !== model.listGeneration) {
            return;
        }
        model.error = e;
        failed(e, 'Loading sagas failed');
    } finally {
        if (generation === model.listGeneration) {
            model.loading = false;
            renderRows();
        }
    }
}

async function loadMore() {
    if (!model.nextCursor || model.loading) {
        return;
    }
    const generation = model.listGeneration;
    model.loading = true;
    renderStatus();
    try {
        const page = await listSagas({...model.filters, cursor: model.nextCursor, limit: PAGE_SIZE});
        if (generation !== model.listGeneration) {
            return;
        }
        const known = new Set(model.items.map(i => i.sagaId));
        model.items.push(...(page.items || []).filter(i => !known.has(i.sagaId)));
        model.nextCursor = page.nextCursor || null;
    } catch (e) {
        failed(e, 'Loading more sagas failed');
    } finally {
        if (generation === model.listGeneration) {
            model.loading = false;
            renderRows();
        }
    }
}

/** A saga changed (stream event): update it in place, add it if it belongs in the loaded window, drop it if not. */
function upsertLive(item) {
    const index = model.items.findIndex(i => i.sagaId === item.sagaId);
    if (matchesFilters(item)) {
        if (index >= 0) {
            model.items[index] = item;
        } else {
            const last = model.items[model.items.length - 1];
            if (model.nextCursor === null || !last || compare(item, last) < 0) {
                model.items.push(item);
                model.items.sort(compare);
            }
        }
    } else if (index >= 0) {
        model.items.splice(index, 1);
        model.selected.delete(item.sagaId);
    }
    renderRows(item.sagaId);
    later('counts', loadCounts, 300);
    if (item.sagaId === model.detailId) {
        later('detail', refreshDetail, 200);
    }
}

const timers = {};

/** Coalesces bursts of stream events into one request. */
function later(key, action, millis) {
    if (!timers[key]) {
        timers[key] = setTimeout(() => {
            timers[key] = null;
            action();
        }, millis);
    }
}

function cancelLater() {
    for (const key of Object.keys(timers)) {
        clearTimeout(timers[key]);
        timers[key] = null;
    }
}

function stateBadge(state) {
    return h('span', {class: 'state state-' + String(state).toLowerCase(), dataset: {state: state}}, state);
}

function renderRows(changedId) {
    const rows = $('saga-rows');
    // Live updates redraw the rows: keep the keyboard focus on the same control of the same saga.
    const focusedRow = document.activeElement?.closest?.('#saga-rows tr');
    const refocus = focusedRow
                    ? {sagaId: focusedRow.dataset.sagaId, tag: document.activeElement.tagName.toLowerCase()}
                    : null;
    clear(rows);
    for (const item of model.items) {
        const checkbox = h('input', {
            type: 'checkbox', 'aria-label': 'Select saga of order ' + (item.orderId || item.sagaId),
            checked: model.selected.has(item.sagaId),
        });
        checkbox.addEventListener('change', () => {
            if (checkbox.checked) {
                model.selected.add(item.sagaId);
            } else {
                model.selected.delete(item.sagaId);
            }
            renderSelection();
        });
        const open = h('button', {
            type: 'button', class: 'link', title: 'Saga ' + item.sagaId + ', order ' + (item.orderId || '—'),
            'aria-label': 'Open saga of order ' + (item.orderId || item.sagaId),
        }, shortId(item.orderId || item.sagaId));
        open.addEventListener('click', () => openDetail(item.sagaId, true));
        const row = h('tr', {
                class: [item.sagaId === model.detailId ? 'current' : '', item.sagaId === changedId ? 'changed' : '']
                    .join(' ').trim(),
                dataset: {sagaId: item.sagaId, orderId: item.orderId || '', state: item.state},
            },
            h('td', {class: 'check'}, checkbox),
            h('td', {}, stateBadge(item.state)),
            h('td', {}, open),
            h('td', {class: 'step-name'}, item.currentStep || '—'),
            h('td', {}, time(item.startedAt)),
            h('td', {}, time(item.updatedAt)),
            h('td', {}, h('span', {class: 'error-cell', title: item.lastError || ''}, item.lastError || '')));
        row.addEventListener('click', event => {
            if (!(event.target instanceof HTMLInputElement) && !(event.target instanceof HTMLButtonElement)) {
                openDetail(item.sagaId, true);
            }
        });
        rows.appendChild(row);
        if (refocus && refocus.sagaId === item.sagaId) {
            row.querySelector(refocus.tag === 'input' ? 'input' : 'button')?.focus();
        }
    }
    renderStatus();
    renderSelection();
}

function renderStatus() {
    const status = $('list-status');
    clear(status);
    const table = $('saga-table');
    table.setAttribute('aria-busy', model.loading ? 'true' : 'false');
    if (model.loading) {
        status.append(h('span', {class: 'spinner', 'aria-hidden': 'true'}), 'Loading sagas…');
    } else if (model.error) {
        const retry = h('button', {type: 'button', class: 'secondary'}, 'Try again');
        retry.addEventListener('click', () => refreshAll());
        status.append(h('span', {class: 'error-text'}, 'Could not load sagas: ' + model.error.message + ' '), retry);
    } else if (model.items.length === 0) {
        status.textContent = model.filters.state || model.filters.olderThan
                             ? 'No sagas match these filters.'
                             : 'No sagas yet: each order placed starts one.';
    } else {
        status.textContent = model.items.length + (model.items.length === 1 ? ' saga' : ' sagas') + ' shown'
                             + (model.nextCursor ? ', more available' : '') + '.';
    }
    $('load-more').hidden = !model.nextCursor;
    $('load-more').disabled = model.loading;
}

function renderSelection() {
    const n = model.selected.size;
    $('selection-count').textContent = n + ' selected';
    $('batch-retry').disabled = n === 0;
    $('batch-compensate').disabled = n === 0;
    $('batch-retry').textContent = n ? 'Retry selected (' + n + ')' : 'Retry selected';
    $('batch-compensate').textContent = n ? 'Compensate selected (' + n + ')' : 'Compensate selected';
    const all = $('select-page');
    all.checked = model.items.length > 0 && model.items.every(i => model.selected.has(i.sagaId));
    all.indeterminate = n > 0 && !all.checked;
}

// ---------------------------------------------------------------------------------------------- counts

async function loadCounts() {
    try {
        model.counts = await counts();
    } catch (e) {
        model.counts = null;
        if (!(e instanceof ApiError) || e.status !== 0) {
            failed(e, 'Loading counts failed');
        }
    }
    renderCounts();
}

function renderCounts() {
    const chips = $('count-chips');
    clear(chips);
    const total = model.counts ? STATES.reduce((sum, s) => sum + (model.counts[s] || 0), 0) : null;
    const chip = (state, label, count) => {
        const pressed = model.filters.state === state;
        const button = h('button', {
                type: 'button', class: 'chip' + (state ? ' chip-' + state.toLowerCase() : ''),
                'aria-pressed': pressed ? 'true' : 'false', dataset: {state: state || 'ALL'},
                title: state ? 'Show only ' + state + ' sagas' : 'Show sagas in every state',
            },
            h('span', {class: 'chip-label'}, label),
            h('span', {class: 'chip-count'}, count === null ? '…' : String(count)));
        button.addEventListener('click', () => setFilters(state, model.filters.olderThan));
        chips.appendChild(button);
    };
    chip('', 'all', total);
    for (const state of STATES) {
        chip(state, state, model.counts ? model.counts[state] || 0 : null);
    }
    const failedCount = model.counts?.FAILED || 0;
    $('all-failed-retry').disabled = failedCount === 0;
    $('all-failed-compensate').disabled = failedCount === 0;
    const shown = model.counts ? ' (' + failedCount + ')' : '';
    $('all-failed-retry').textContent = 'Retry all FAILED' + shown;
    $('all-failed-compensate').textContent = 'Compensate all FAILED' + shown;
}

// ---------------------------------------------------------------------------------------------- detail

function openDetail(sagaId, focus) {
    model.detailId = sagaId;
    writeHash();
    renderRows();
    $('detail-empty').hidden = true;
    $('detail-close').hidden = false;
    const body = $('detail-body');
    body.hidden = false;
    clear(body);
    body.append(h('p', {class: 'muted'}, h('span', {class: 'spinner', 'aria-hidden': 'true'}), 'Loading saga…'));
    refreshDetail().then(() => focus && $('detail').focus());
}

function closeDetail() {
    model.detailId = null;
    $('detail-close').hidden = true;
    $('detail-title').textContent = 'Saga';
    $('detail-empty').hidden = false;
    $('detail-body').hidden = true;
    clear($('detail-body'));
}

async function refreshDetail() {
    const sagaId = model.detailId;
    if (!sagaId) {
        return;
    }
    try {
        const detail = await saga(sagaId);
        if (model.detailId === sagaId) {
            renderDetail(detail);
        }
    } catch (e) {
        if (model.detailId !== sagaId) {
            return;
        }
        const body = $('detail-body');
        clear(body);
        if (e instanceof ApiError && e.status === 404) {
            body.append(h('p', {class: 'error-text'}, 'No saga ' + sagaId + '.'));
        } else {
            body.append(h('p', {class: 'error-text'}, 'Could not load the saga: ' + e.message));
            failed(e, 'Loading the saga failed');
        }
    }
}

function field(label, value) {
    return [h('dt', {}, label), h('dd', {}, value)];
}

function renderDetail(detail) {
    const focusedId = $('detail-body').contains(document.activeElement) ? document.activeElement.id : null;
    $('detail-title').textContent = 'Saga of order ' + (detail.orderId || detail.sagaId);
    const body = $('detail-body');
    clear(body);
    // A contradicted saga that had ended takes no operator action: nothing is left to retry or compensate.
    const finished = FINISHED.has(detail.state) || FINISHED.has(detail.contradiction?.sagaState);

    const retry = h('button', {type: 'button', id: 'detail-retry', disabled: finished}, 'Retry');
    retry.addEventListener('click', () => actOnOne(detail, 'retry'));
    const compensate = h('button', {type: 'button', id: 'detail-compensate', class: 'danger', disabled: finished},
                         'Force compensation');
    compensate.addEventListener('click', () => actOnOne(detail, 'compensate'));
    body.append(
        h('div', {class: 'detail-head'}, stateBadge(detail.state),
          h('span', {class: 'step-name'}, detail.currentStep ? 'at ' + detail.currentStep : ''),
          h('span', {class: 'spacer'}), retry, compensate),
        h('dl', {class: 'facts'},
          field('Saga', h('code', {}, detail.sagaId)),
          field('Order', h('code', {}, detail.orderId || '—')),
          field('Customer', h('code', {}, detail.customerId || '—')),
          field('Started', time(detail.startedAt)),
          field('Updated', time(detail.updatedAt))));

    if (detail.contradiction) {
        body.append(h('section', {class: 'failure', 'aria-label': 'Contradiction'},
                      h('h3', {}, 'Contradicts its order (saga ' + detail.contradiction.sagaState + ')'),
                      h('pre', {class: 'error-text'}, detail.contradiction.detail || '')));
    }
    if (detail.failure) {
        body.append(h('section', {class: 'failure', 'aria-label': 'Failure'},
                      h('h3', {}, 'Failed handling ', h('code', {}, detail.failure.eventType || 'an event')),
                      h('p', {class: 'muted'}, time(detail.failure.at)),
                      h('pre', {class: 'error-text'}, detail.failure.error || '')));
    } else if (detail.lastError) {
        body.append(h('section', {class: 'failure', 'aria-label': 'Last error'},
                      h('h3', {}, 'Last error'), h('pre', {class: 'error-text'}, detail.lastError)));
    }

    const steps = detail.steps || [];
    body.append(h('h3', {}, 'Steps'));
    if (steps.length === 0) {
        body.append(h('p', {class: 'muted'}, 'No steps yet.'));
    } else {
        body.append(h('ol', {class: 'timeline', 'aria-label': 'Step timeline'}, steps.map(step => {
            const compensation = step.compensation === true || COMPENSATION_STEPS.has(step.name);
            return h('li', {
                    class: 'step' + (compensation ? ' compensation' : ''),
                    dataset: {step: step.name, status: step.status},
                },
                h('span', {class: 'marker', 'aria-hidden': 'true'}, compensation ? '↺' : '●'),
                h('div', {class: 'step-body'},
                  h('div', {class: 'step-line'},
                    h('strong', {class: 'step-name'}, step.name),
                    compensation ? h('span', {class: 'tag'}, 'compensation') : null,
                    h('span', {class: 'status status-' + String(step.status).toLowerCase()}, step.status),
                    h('span', {class: 'spacer'}), time(step.at)),
                  step.detail ? h('div', {class: 'step-detail muted'}, step.detail) : null));
        })));
    }

    const deadlines = detail.deadlines || [];
    body.append(h('h3', {}, 'Pending deadlines'));
    if (deadlines.length === 0) {
        body.append(h('p', {class: 'muted'}, 'None.'));
    } else {
        body.append(h('ul', {class: 'deadlines'}, deadlines.map(d =>
            h('li', {dataset: {deadline: d.name}}, h('code', {}, d.name), ' due ', time(d.dueAt)))));
    }
    if (focusedId && $(focusedId)) {
        $(focusedId).focus();
    }
}

// ---------------------------------------------------------------------------------------------- actions

const ACTIONS = {
    retry: {
        verb: 'Retry',
        explain: 'A FAILED saga gets its failing event again; a stuck one re-sends its current step\'s commands and '
                 + 'deadline.',
    },
    compensate: {
        verb: 'Force compensation of',
        explain: 'Payment is refunded, stock released and the order rejected or cancelled. This cannot be undone.',
    },
};

function confirmDialog(title, message, okLabel, danger) {
    const dialog = $('confirm-dialog');
    $('confirm-title').textContent = title;
    $('confirm-message').textContent = message;
    const ok = $('confirm-ok');
    ok.textContent = okLabel;
    ok.className = danger ? 'danger' : '';
    dialog.returnValue = 'cancel';
    dialog.showModal();
    $('confirm-cancel').focus();
    return new Promise(resolve => {
        dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), {once: true});
    });
}

async function actOnOne(detail, action) {
    const what = ACTIONS[action];
    const confirmed = await confirmDialog(what.verb + ' this saga?',
                                          what.verb + ' the saga of order ' + (detail.orderId || detail.sagaId)
                                          + ' (state ' + detail.state + ')? ' + what.explain,
                                          action === 'retry' ? 'Retry' : 'Force compensation',
                                          action === 'compensate');
    if (!confirmed) {
        return;
    }
    try {
        await act(detail.sagaId, action);
        toast((action === 'retry' ? 'Retry' : 'Compensation') + ' accepted for the saga of order '
              + (detail.orderId || detail.sagaId) + '.', 'ok');
    } catch (e) {
        if (e instanceof ApiError && (e.status === 409 || e.status === 404)) {
            toast('Refused: ' + e.message, 'error');
        } else {
            failed(e, 'The action failed');
        }
    }
    refreshDetail();
}

async function actOnMany(action, selector, count, description) {
    const what = ACTIONS[action];
    const confirmed = await confirmDialog(what.verb + ' ' + count + (count === 1 ? ' saga?' : ' sagas?'),
                                          what.verb + ' ' + description + '? ' + what.explain,
                                          (action === 'retry' ? 'Retry ' : 'Compensate ') + count,
                                          action === 'compensate');
    if (!confirmed) {
        return;
    }
    let result;
    try {
        result = await batch(action, selector);
    } catch (e) {
        failed(e, 'The batch action failed');
        return;
    }
    model.selected.clear();
    showBatchResult(result);
    refreshAll();
}

function showBatchResult(result) {
    const refused = result.refused || [];
    const body = $('result-body');
    clear(body);
    $('result-title').textContent = (result.action === 'retry' ? 'Retry' : 'Compensation') + ': '
                                    + result.accepted + ' of ' + result.requested + ' accepted';
    body.append(h('p', {id: 'batch-summary', dataset: {
        requested: result.requested, accepted: result.accepted, refused: refused.length,
    }}, 'Requested ' + result.requested + ', accepted ' + result.accepted + ', refused ' + refused.length + '.'));
    if (refused.length) {
        body.append(h('ul', {class: 'refused'}, refused.map(r =>
            h('li', {}, h('code', {}, r.sagaId), ': ', r.reason || 'refused'))));
    }
    $('result-dialog').showModal();
    $('result-close').focus();
}

// ---------------------------------------------------------------------------------------------- toasts and wiring

function toast(text, kind) {
    const element = h('div', {class: 'toast ' + (kind || '')}, text);
    $('toasts').appendChild(element);
    setTimeout(() => element.remove(), 8000);
}

function wire() {
    $('sign-in-form').addEventListener('submit', onSignIn);
    $('sign-out').addEventListener('click', () => signOut());
    $('forbidden-sign-out').addEventListener('click', () => signOut());
    $('filter-state').addEventListener('change', e => setFilters(e.target.value, model.filters.olderThan));
    $('filter-age').addEventListener('change', e => setFilters(model.filters.state, e.target.value));
    $('filters').addEventListener('submit', e => e.preventDefault());
    $('refresh').addEventListener('click', () => refreshAll());
    $('load-more').addEventListener('click', loadMore);
    $('detail-close').addEventListener('click', () => {
        closeDetail();
        writeHash();
        renderRows();
    });
    $('select-page').addEventListener('change', e => {
        for (const item of model.items) {
            if (e.target.checked) {
                model.selected.add(item.sagaId);
            } else {
                model.selected.delete(item.sagaId);
            }
        }
        renderRows();
    });
    $('batch-retry').addEventListener('click', () => {
        const ids = [...model.selected];
        actOnMany('retry', {sagaIds: ids}, ids.length, 'the ' + ids.length + ' selected sagas');
    });
    $('batch-compensate').addEventListener('click', () => {
        const ids = [...model.selected];
        actOnMany('compensate', {sagaIds: ids}, ids.length, 'the ' + ids.length + ' selected sagas');
    });
    $('all-failed-retry').addEventListener('click', () => {
        const n = model.counts?.FAILED || 0;
        actOnMany('retry', {allInState: 'FAILED'}, n, 'every FAILED saga (' + n + ' now)');
    });
    $('all-failed-compensate').addEventListener('click', () => {
        const n = model.counts?.FAILED || 0;
        actOnMany('compensate', {allInState: 'FAILED'}, n, 'every FAILED saga (' + n + ' now)');
    });
    window.addEventListener('hashchange', () => {
        if (!$('dashboard-view').hidden) {
            readHash();
            $('filter-state').value = model.filters.state;
            $('filter-age').value = model.filters.olderThan;
            refreshAll();
        }
    });
    renderCounts();
}

wire();
route();
