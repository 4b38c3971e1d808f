// Builds DOM nodes from data without ever parsing it as HTML: text goes through text nodes only.

/**
 * h('li', {class: 'step', dataset: {step: 'RESERVE_STOCK'}}, 'text', otherNode)
 * Attributes named on* are refused so that no handler can be smuggled in through data; use el.addEventListener.
 */
export function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === undefined || value === null || value === false) {
            continue;
        }
        if (name.startsWith('on')) {
            throw new Error('h(): event handler attributes are not allowed: ' + name);
        }
        if (name === 'dataset') {
            Object.assign(element.dataset, value);
        } else if (name === 'class') {
            element.className = value;
        } else if (value === true) {
            element.setAttribute(name, '');
        } else {
            element.setAttribute(name, String(value));
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children) {
        if (child === undefined || child === null || child === false) {
            continue;
        }
        if (Array.isArray(child)) {
            append(element, child);
        } else if (child instanceof Node) {
            element.appendChild(child);
        } else {
            element.appendChild(document.createTextNode(String(child)));
        }
    }
}

export function clear(element) {
    element.replaceChildren();
}

export function $(id) {
    return document.getElementById(id);
}

/** Local date and time for people, the exact UTC instant in the tooltip. */
export function time(iso) {
    if (!iso) {
        return h('span', {class: 'muted'}, '—');
    }
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
        return h('span', {}, iso);
    }
    const today = new Date().toDateString() === date.toDateString();
    const text = today ? date.toLocaleTimeString() : date.toLocaleString();
    return h('time', {datetime: iso, title: iso}, text);
}

/** Shortens a UUID for tables; the whole value stays in the tooltip. */
export function shortId(id) {
    if (!id) {
        return h('span', {class: 'muted'}, '—');
    }
    const text = String(id);
    return h('span', {class: 'id', title: text}, text.length > 13 ? text.slice(0, 8) + '…' : text);
}
