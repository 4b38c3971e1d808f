// The dashboard's only door to the platform: bearer token from sessionStorage, problem+json errors as exceptions.

const TOKEN_KEY = 'ledgerline.dashboard.token';

export class ApiError extends Error {
    /** status 0 means the platform did not answer at all. */
    constructor(status, title, detail) {
        super(detail || title || ('HTTP ' + status));
        this.status = status;
        this.title = title;
        this.detail = detail;
    }
}

export const session = {
    token() {
        return sessionStorage.getItem(TOKEN_KEY);
    },
    store(token) {
        sessionStorage.setItem(TOKEN_KEY, token);
    },
    forget() {
        sessionStorage.removeItem(TOKEN_KEY);
    },
    /** The token's claims, read only to greet the user and to explain a missing ADMIN role (the server decides). */
    claims() {
        const token = this.token();
        if (!token) {
            return null;
        }
        try {
            const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
            return JSON.parse(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, '=')));
        } catch {
            return null;
        }
    },
    isAdmin() {
        const roles = this.claims()?.roles;
        return Array.isArray(roles) && roles.includes('ADMIN');
    },
    expired() {
        const exp = this.claims()?.exp;
        return typeof exp === 'number' && exp * 1000 <= Date.now();
    },
};

async function request(method, path, body) {
    const headers = {Accept: 'application/json'};
    const token = session.token();
    if (token) {
        headers.Authorization = 'Bearer ' + token;
    }
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
        response = await fetch(path, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            cache: 'no-store',
        });
    } catch (e) {
        throw new ApiError(0, 'The platform does not answer', 'The platform does not answer (' + e.message + ').');
    }
    const text = await response.text();
    let json = null;
    if (text) {
        try {
            json = JSON.parse(text);
        } catch {
            json = null;
        }
    }
    if (!response.ok) {
        throw new ApiError(response.status, json?.title, json?.detail || json?.title || text.slice(0, 200));
    }
    return json;
}

export async function signIn(email, password) {
    const answer = await request('POST', '/api/v1/auth/token', {email, password});
    session.store(answer.accessToken);
    return answer;
}

export function listSagas({state, olderThan, cursor, limit = 50}) {
    const query = new URLSearchParams();
    if (state) {
        query.set('state', state);
    }
    if (olderThan) {
        query.set('olderThan', olderThan);
    }
    if (cursor) {
        query.set('cursor', cursor);
    }
    query.set('limit', String(limit));
    return request('GET', '/api/v1/sagas?' + query);
}

export function counts() {
    return request('GET', '/api/v1/sagas/counts');
}

export function saga(sagaId) {
    return request('GET', '/api/v1/sagas/' + encodeURIComponent(sagaId));
}

export function act(sagaId, action) {
    return request('POST', '/api/v1/sagas/' + encodeURIComponent(sagaId) + '/' + action);
}

/** selector: {sagaIds: [...]} or {allInState: 'FAILED'} */
export function batch(action, selector) {
    return request('POST', '/api/v1/sagas/batch', {action, ...selector});
}
