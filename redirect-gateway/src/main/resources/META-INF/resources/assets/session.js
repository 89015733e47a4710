// What both pages share: the tab's bearer token, calls to the APIs, texts in the reader's language,
// and small helpers to build the DOM safely (text only: nothing a service answers is parsed as HTML).

const TOKEN_KEY = 'poco.token';
const LANGUAGE_NAMES = {en: 'English', fr: 'Français', de: 'Deutsch'};
const LANGUAGES = Object.keys(LANGUAGE_NAMES);
let texts = {};
let fallback = {};

/**
 * The tab's token. A link may bring one in its fragment (#token=…), which never reaches a server or
 * its logs; it is moved to sessionStorage (this tab only, gone when it closes) and the fragment is
 * removed from the address bar and the history.
 */
export function token() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.has('token')) {
    sessionStorage.setItem(TOKEN_KEY, fragment.get('token'));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

// A token brought in the address bar leaves it as this module is loaded, before either page waits for
// anything (its texts are fetched first): not for as long as a fetch takes.
token();

export function signIn(value) {
  sessionStorage.setItem(TOKEN_KEY, value.trim());
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The token's claims, read for display and for the account it names; the services verify it. */
export function claims(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), c => c.charCodeAt(0))));
  } catch (unreadable) {
    return null;
  }
}

/** A refused or failed call: its HTTP status and the problem+json the service answered, if any. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || t('common.httpError', {status}));
    this.status = status;
    this.problem = problem;
  }
}

/** Calls an API of this origin with the tab's token; answers the parsed JSON, or throws an ApiError. */
export async function api(path, options = {}) {
  const headers = {Accept: 'application/json', ...(options.headers || {})};
  const jwt = token();
  if (jwt) {
    headers.Authorization = 'Bearer ' + jwt;
  }
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method: options.method || 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (network) {
    throw new ApiError(0, {detail: t('common.offline')});
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

/**
 * Calls {@code task} now and again after {@code every()} ms while the page is open; after a failure,
 * waits twice as long each time (at most 30 s), and says so through {@code onError}.
 */
export function poll(task, every, onError) {
  let failures = 0;
  let timer;
  const run = async () => {
    try {
      await task();
      failures = 0;
    } catch (error) {
      failures++;
      onError(error, failures);
    }
    const wait = failures === 0 ? every() : Math.min(30_000, every() * 2 ** failures);
    timer = setTimeout(run, wait);
  };
  run();
  return {now: () => { clearTimeout(timer); run(); }};
}

/** Loads the texts of the reader's language (?lang=, then the browser's), English for what is missing. */
export async function loadTexts() {
  const asked = new URLSearchParams(location.search).get('lang');
  const preferred = [asked, ...(navigator.languages || [navigator.language])]
      .filter(Boolean).map(l => l.slice(0, 2).toLowerCase());
  const language = preferred.find(l => LANGUAGES.includes(l)) || 'en';
  fallback = await (await fetch('/assets/i18n/en.json')).json();
  texts = language === 'en' ? fallback : await (await fetch(`/assets/i18n/${language}.json`)).json();
  document.documentElement.lang = language;
  document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach(e => { e.placeholder = t(e.dataset.i18nPlaceholder); });
  document.querySelectorAll('[data-i18n-label]').forEach(e => { e.setAttribute('aria-label', t(e.dataset.i18nLabel)); });
  if (document.body.dataset.titleKey) {
    document.title = t(document.body.dataset.titleKey);
  }
  return language;
}

/** A text by key, with {name} placeholders filled in. */
export function t(key, values = {}) {
  const text = texts[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? '');
}

/** An element with attributes and children (strings become text nodes, never HTML). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

/** Replaces what {@code target} (an element or its id) shows. */
export function show(target, ...children) {
  const element = typeof target === 'string' ? document.getElementById(target) : target;
  element.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false));
  return element;
}

/** A table: a caption, column headings, and rows of cells (a cell may be an element). */
export function table(caption, headings, rows, emptyText) {
  if (rows.length === 0) {
    return el('p', {class: 'empty'}, emptyText || t('common.none'));
  }
  return el('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption},
      el('table', {},
          el('caption', {}, caption),
          el('thead', {}, el('tr', {}, headings.map(h => el('th', {scope: 'col'}, h)))),
          el('tbody', {}, rows.map(cells => el('tr', {}, cells.map(c => el('td', {}, c)))))));
}

export function number(n, digits = 0) {
  return n === null || n === undefined ? '–'
      : Number(n).toLocaleString(document.documentElement.lang, {maximumFractionDigits: digits});
}

export function date(iso, withTime = false) {
  if (!iso) {
    return '–';
  }
  const options = withTime ? {dateStyle: 'medium', timeStyle: 'short'} : {dateStyle: 'medium'};
  return new Date(iso).toLocaleString(document.documentElement.lang, options);
}

export function money(amount, currency) {
  if (amount === null || amount === undefined) {
    return '–';
  }
  try {
    return Number(amount).toLocaleString(document.documentElement.lang, {style: 'currency', currency});
  } catch (unknownCurrency) {
    return `${amount} ${currency || ''}`.trim();
  }
}

/** Shows a message in the page's live region (read out by screen readers). */
export function status(message, kind = 'info') {
  const region = document.getElementById('status');
  region.textContent = message || '';
  region.dataset.kind = kind;
}

/**
 * Puts the controls both pages share in place and wires them: the language chooser and the sign-out
 * button in the header's {@code .who}, the sign-in form's fields ({@code #sign-in}). A token pasted into
 * the form is kept for this tab only; signing out forgets it. Call after {@link loadTexts}. Answers the
 * token, or null when the reader must sign in first.
 */
export function session(onSignedIn) {
  const jwt = token();
  const signOutButton = el('button', {id: 'sign-out', type: 'button', hidden: !jwt, onclick: () => {
    signOut();
    location.reload();
  }}, t('common.signOut'));
  document.querySelector('header .who').append(
      el('label', {for: 'language'}, t('common.language')), languageChooser(), signOutButton);
  const input = el('textarea', {id: 'token-input', rows: '3', autocomplete: 'off', spellcheck: 'false'});
  const form = show('sign-in', el('label', {for: 'token-input'}, t('common.tokenLabel')), input,
      el('button', {type: 'submit'}, t('common.signIn')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    if (input.value.trim()) {
      signIn(input.value);
      input.value = '';
      form.hidden = true;
      onSignedIn(token());
    }
  });
  form.hidden = !!jwt;
  return jwt;
}

/** The languages, each by its own name; choosing one reloads the page in it (?lang=). */
function languageChooser() {
  const select = el('select', {id: 'language'},
      Object.entries(LANGUAGE_NAMES).map(([code, name]) => el('option', {value: code}, name)));
  select.value = document.documentElement.lang;
  select.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('lang', select.value);
    location.assign(url);
  });
  return select;
}
